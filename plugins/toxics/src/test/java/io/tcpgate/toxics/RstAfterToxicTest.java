package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RstAfterToxicTest {
  @Test
  void exactlyTheBytesPassThenTheClientIsReset() throws Exception {
    FakeConnection c = FakeConnection.open(new RstAfterToxic(), "{\"attributes\":{\"bytes\":5}}");
    c.send(new byte[3]);
    assertThat(c.actions).isEmpty();
    c.send(new byte[3]);
    c.send(new byte[3]);
    assertThat(c.out.size()).isEqualTo(5);
    assertThat(c.actions).containsExactly("reset client at 0ms");
  }

  @Test
  void theTimerResetsWithNoTraffic() throws Exception {
    FakeConnection c = FakeConnection.open(new RstAfterToxic(), "{\"attributes\":{\"timeout\":250}}");
    c.advanceMillis(249);
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("reset client at 250ms");
  }
}
