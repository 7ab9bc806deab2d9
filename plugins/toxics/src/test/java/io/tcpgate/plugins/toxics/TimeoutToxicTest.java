package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Direction;
import org.junit.jupiter.api.Test;

class TimeoutToxicTest {
  private final TimeoutToxic factory = new TimeoutToxic();

  @Test
  void bytesAreDroppedAndTheConnectionClosesAfterTheTimeout() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":500}}");
    c.send(new byte[] {1, 2});
    c.advanceMillis(499);
    assertThat(c.out.size()).isZero();
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("close fin at 500ms");
  }

  @Test
  void eachDroppedChunkStartsTheCountdownAgain() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":1000}}");
    for (int i = 0; i < 10; i++) {
      c.advanceMillis(300);
      c.send(new byte[] {(byte) i});
    }
    c.advanceMillis(999);
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("close fin at 4000ms");
    assertThat(c.out.size()).isZero();
  }

  @Test
  void withNoTrafficItClosesTimeoutAfterItStartedActing() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":1000}}");
    c.advanceMillis(1_000);
    assertThat(c.actions).containsExactly("close fin at 1000ms");
  }

  @Test
  void timeoutZeroHoldsForever() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":0}}");
    c.send(new byte[] {1});
    c.advanceMillis(3_600_000);
    assertThat(c.actions).isEmpty();
    assertThat(c.out.size()).isZero();
  }

  @Test
  void removalCancelsTheClose() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":500}}");
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    c.advanceMillis(1_000);
    assertThat(c.actions).isEmpty();
  }
}
