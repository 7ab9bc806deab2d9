package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Direction;
import org.junit.jupiter.api.Test;

class FinToRstToxicTest {
  @Test
  void aDownstreamFinBecomesAResetOfTheClient() throws Exception {
    FakeConnection c = FakeConnection.open(new FinToRstToxic(), "{}");
    c.send(new byte[] {1});
    c.fin();
    assertThat(c.out.ended).isFalse();
    assertThat(c.actions).containsExactly("reset client at 0ms");
  }

  @Test
  void anUpstreamFinBecomesAResetOfTheBackend() throws Exception {
    FakeConnection c = FakeConnection.open(new FinToRstToxic(), "{\"stream\":\"upstream\"}");
    c.policy.onFin(Direction.UPSTREAM, c.out);
    assertThat(c.actions).containsExactly("reset backend at 0ms");
  }
}
