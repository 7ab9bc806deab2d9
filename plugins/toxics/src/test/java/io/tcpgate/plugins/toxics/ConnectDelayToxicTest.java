package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
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

  @Test
  void anUpdatedDelayKeepsAHeldConnectCountingFromWhenItWasHeld() throws Exception {
    ConnectDelayToxic factory = new ConnectDelayToxic();
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"delay\":3000}}");
    Future<Void> go = c.policy.beforeBackendConnect();
    c.advanceMillis(500);
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"delay\":1000}}"))))).isTrue();
    assertThat(go.isComplete()).as("not released by the update").isFalse();
    c.advanceMillis(499);
    assertThat(go.isComplete()).isFalse();
    c.advanceMillis(1);
    assertThat(go.succeeded()).as("1000 ms after it was held").isTrue();
  }
}
