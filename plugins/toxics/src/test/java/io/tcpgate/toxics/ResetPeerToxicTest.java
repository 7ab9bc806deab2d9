package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Direction;
import org.junit.jupiter.api.Test;

class ResetPeerToxicTest {
  private final ResetPeerToxic factory = new ResetPeerToxic();

  @Test
  void theClientIsResetOnTheTimerWithNoTrafficAtAll() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":200}}");
    c.advanceMillis(199);
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("reset client at 200ms");
  }

  @Test
  void upstreamResetsTheBackend() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"stream\":\"upstream\",\"attributes\":{\"timeout\":0}}");
    c.advanceMillis(0);
    assertThat(c.actions).containsExactly("reset backend at 0ms");
  }

  @Test
  void removalBeforeTheTimerMeansNoReset() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":200}}");
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    c.advanceMillis(1_000);
    assertThat(c.actions).isEmpty();
  }
}
