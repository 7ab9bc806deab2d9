package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinDelayToxicTest {
  @Test
  void theFinWaitsTheDelayPlusOrMinusTheJitter() throws Exception {
    FakeConnection c = FakeConnection.open(new FinDelayToxic(), "{\"seed\":1,\"attributes\":{\"delay\":200,\"jitter\":50}}");
    c.fin();
    c.advanceMillis(149);
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(101);
    assertThat(c.out.ended).isTrue();
  }

  @Test
  void zeroPassesTheFinAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(new FinDelayToxic(), "{}");
    c.fin();
    assertThat(c.out.ended).isTrue();
  }
}
