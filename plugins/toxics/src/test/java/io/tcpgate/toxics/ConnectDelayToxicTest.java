package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

class ConnectDelayToxicTest {
  @Test
  void theBackendConnectIsHeldForTheDelay() throws Exception {
    FakeConnection c = FakeConnection.open(new ConnectDelayToxic(), "{\"attributes\":{\"delay\":500}}");
    Future<Void> go = c.policy.beforeBackendConnect();
    c.advanceMillis(499);
    assertThat(go.isComplete()).isFalse();
    c.advanceMillis(1);
    assertThat(go.succeeded()).isTrue();
  }

  @Test
  void zeroConnectsAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(new ConnectDelayToxic(), "{}");
    assertThat(c.policy.beforeBackendConnect()).isNull();
  }
}
