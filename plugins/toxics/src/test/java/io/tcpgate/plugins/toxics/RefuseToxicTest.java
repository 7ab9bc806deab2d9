package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefuseToxicTest {
  @Test
  void aNewClientIsResetBeforeAnyBackendConnect() throws Exception {
    FakeConnection c = FakeConnection.open(new RefuseToxic(), "{}");
    assertThat(c.actions).as("nothing happens to a connection it is added to").isEmpty();
    c.policy.beforeBackendConnect();
    assertThat(c.actions).containsExactly("reset client at 0ms");
  }
}
