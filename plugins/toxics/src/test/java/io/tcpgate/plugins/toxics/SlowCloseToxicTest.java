package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Direction;
import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SlowCloseToxicTest {
  private final SlowCloseToxic factory = new SlowCloseToxic();

  @Test
  void theFinIsHeldForTheDelayWhileBytesPass() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"delay\":300}}");
    c.send(new byte[] {1});
    assertThat(c.out.size()).isEqualTo(1);
    c.fin();
    c.advanceMillis(299);
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(1);
    assertThat(c.out.ended).isTrue();
  }

  @Test
  void theOtherDirectionsFinIsNotDelayed() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"delay\":300}}");
    assertThat(c.policy.onFin(Direction.UPSTREAM, c.out)).isTrue();
  }

  @Test
  void removalPassesAHeldFinOnAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"delay\":300}}");
    c.fin();
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    assertThat(c.out.ended).isTrue();
    assertThat(c.pendingTimers()).isZero();
  }

  @Test
  void anUpdatedDelayKeepsAHeldFinCountingFromItsArrival() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"delay\":3000}}");
    c.fin();
    c.advanceMillis(500);
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"delay\":4000}}"))))).isTrue();
    assertThat(c.out.ended).as("not released by the update").isFalse();
    c.advanceMillis(3_499);
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(1);
    assertThat(c.out.ended).as("4000 ms after the FIN arrived").isTrue();
  }
}
