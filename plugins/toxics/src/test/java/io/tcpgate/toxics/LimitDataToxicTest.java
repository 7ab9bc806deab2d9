package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitDataToxicTest {
  private final LimitDataToxic factory = new LimitDataToxic();

  @Test
  void exactlyTheLimitPassesThenTheConnectionCloses() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":10}}");
    c.send(new byte[6]);
    assertThat(c.actions).isEmpty();
    c.send(new byte[6]);
    c.send(new byte[6]);
    assertThat(c.out.size()).isEqualTo(10);
    assertThat(c.actions).containsExactly("close fin at 0ms");
  }

  @Test
  void zeroClosesAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":0}}");
    assertThat(c.actions).containsExactly("close fin at 0ms");
  }
}
