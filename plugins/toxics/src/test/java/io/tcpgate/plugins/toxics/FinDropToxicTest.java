package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Direction;
import org.junit.jupiter.api.Test;

class FinDropToxicTest {
  @Test
  void theFinIsSwallowedWhileBytesPass() throws Exception {
    FakeConnection c = FakeConnection.open(new FinDropToxic(), "{}");
    c.send(new byte[] {1});
    c.fin();
    c.advanceMillis(3_600_000);
    assertThat(c.out.size()).isEqualTo(1);
    assertThat(c.out.ended).isFalse();
  }

  @Test
  void removalHandsTheSwallowedFinOn() throws Exception {
    FakeConnection c = FakeConnection.open(new FinDropToxic(), "{}");
    c.fin();
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    assertThat(c.out.ended).isTrue();
  }

  @Test
  void theOtherDirectionsFinPasses() throws Exception {
    FakeConnection c = FakeConnection.open(new FinDropToxic(), "{}");
    assertThat(c.policy.onFin(Direction.UPSTREAM, c.out)).isTrue();
  }
}
