package io.tcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeConnectionTest {
  private final FakeConnection c = new FakeConnection();

  @Test
  void timersRunInDueOrderOnlyWhenTheClockReachesThem() {
    List<String> ran = new ArrayList<>();
    c.setTimer(300, () -> ran.add("300"));
    c.setTimer(100, () -> ran.add("100"));
    c.advance(Duration.ofMillis(99));
    assertThat(ran).isEmpty();
    c.advance(Duration.ofMillis(250));
    assertThat(ran).containsExactly("100", "300");
    assertThat(c.pendingTimers()).isZero();
  }

  @Test
  void aTimerSetByATimerRunsWithinTheSameAdvanceWhenDue() {
    List<Long> at = new ArrayList<>();
    long start = c.nanoTime();
    c.setTimer(100, () -> c.setTimer(100, () -> at.add(c.nanoTime() - start)));
    c.advance(Duration.ofMillis(250));
    assertThat(at).containsExactly(200_000_000L);
    assertThat(c.nanoTime() - start).isEqualTo(250_000_000L);
  }

  @Test
  void aCancelledTimerNeverRuns() {
    List<String> ran = new ArrayList<>();
    long id = c.setTimer(10, () -> ran.add("x"));
    assertThat(c.cancelTimer(id)).isTrue();
    assertThat(c.cancelTimer(id)).isFalse();
    c.advance(Duration.ofSeconds(1));
    assertThat(ran).isEmpty();
  }

  @Test
  void closingCancelsEveryTimerAndIsRecorded() {
    c.setTimer(10, () -> { });
    c.close(CloseAction.RST, CloseCause.IDLE);
    assertThat(c.pendingTimers()).isZero();
    assertThat(c.closes()).containsExactly(new FakeConnection.Close(CloseAction.RST, CloseCause.IDLE));
  }

  @Test
  void trafficMovesLastActivityToTheVirtualNow() {
    c.advance(Duration.ofMillis(40));
    c.receive(Direction.DOWNSTREAM, 7);
    assertThat(c.lastActivityNanos()).isEqualTo(c.nanoTime());
    assertThat(c.bytes(Direction.DOWNSTREAM)).isEqualTo(7);
    assertThat(c.bytes(Direction.UPSTREAM)).isZero();
  }

  @Test
  void theBackendSocketIsUnavailableUntilTheBackendConnects() {
    assertThatThrownBy(() -> c.socket(Side.BACKEND)).isInstanceOf(IllegalStateException.class);
    c.connectBackend();
    c.socket(Side.BACKEND).tcpNoDelay(false);
    assertThat(c.options(Side.BACKEND).tcpNoDelay()).isFalse();
    assertThat(c.options(Side.BACKEND).changes()).isEqualTo(1);
  }

  @Test
  void aTimerThatReArmsWithNoDelayIsReportedInsteadOfHanging() {
    Runnable[] self = new Runnable[1];
    self[0] = () -> c.setTimer(0, self[0]);
    c.setTimer(0, self[0]);
    assertThatThrownBy(() -> c.advance(Duration.ofMillis(1))).hasMessageContaining("re-arms itself");
  }
}
