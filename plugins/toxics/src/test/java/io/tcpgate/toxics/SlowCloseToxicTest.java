package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Direction;
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
}
