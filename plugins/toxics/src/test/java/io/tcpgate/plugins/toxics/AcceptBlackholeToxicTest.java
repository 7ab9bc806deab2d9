package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class AcceptBlackholeToxicTest {
  @Test
  void theBackendConnectNeverStarts() throws Exception {
    FakeConnection c = FakeConnection.open(new AcceptBlackholeToxic(), "{}");
    Future<Void> go = c.policy.beforeBackendConnect();
    c.advanceMillis(86_400_000);
    assertThat(go.isComplete()).isFalse();
    assertThat(c.actions).isEmpty();
  }
}
