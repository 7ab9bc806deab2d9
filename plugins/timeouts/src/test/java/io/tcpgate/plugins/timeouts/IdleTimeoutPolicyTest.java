package io.tcpgate.plugins.timeouts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.FakeConnection.Close;
import io.tcpgate.testkit.PolicyChecks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The idle-timeout policy alone, on a fake connection with virtual time. */
class IdleTimeoutPolicyTest {
  private final FakeConnection connection = new FakeConnection();

  private ConnectionPolicy open(String json) throws Exception {
    return open(json, connection);
  }

  private static ConnectionPolicy open(String json, FakeConnection on) throws Exception {
    ConnectionPolicy p = PolicyChecks.parse(new IdleTimeoutFactory(), json).open(on);
    p.onAccepted();
    return p;
  }

  private void advanceMillis(long ms) {
    connection.advance(Duration.ofMillis(ms));
  }

  @Test
  void closesWithFinExactlyWhenTheTimeoutPassesWithNoTraffic() throws Exception {
    open("{\"timeout\": \"1s\"}");
    advanceMillis(999);
    assertThat(connection.isClosed()).isFalse();
    advanceMillis(1);
    assertThat(connection.closes()).containsExactly(new Close(CloseAction.FIN, CloseCause.IDLE));
  }

  @Test
  void theLongestTimeoutKeepsAnIdleConnectionOpen() throws Exception {
    open("{\"timeout\": \"8760h\"}");
    advanceMillis(Duration.ofDays(364).toMillis());
    assertThat(connection.isClosed()).isFalse();
    advanceMillis(Duration.ofDays(1).toMillis());
    assertThat(connection.closes()).containsExactly(new Close(CloseAction.FIN, CloseCause.IDLE));
  }

  @Test
  void aTimeoutBeyondWhatNanosecondsHoldIsNoLimitInPractice() {
    FakeConnection c = new FakeConnection();
    new IdleTimeoutPolicy(10_800_000_000_000L, Long.MAX_VALUE, CloseAction.FIN).open(c).onAccepted();
    c.advance(Duration.ofDays(3650));
    assertThat(c.isClosed()).isFalse();
  }

  @Test
  void closesWithRstWhenTheActionIsRst() throws Exception {
    open("{\"timeout\": 200, \"action\": \"rst\"}");
    advanceMillis(200);
    assertThat(connection.closes()).containsExactly(new Close(CloseAction.RST, CloseCause.IDLE));
  }

  @Test
  void bytesInEitherDirectionAloneKeepTheConnectionOpen() throws Exception {
    for (Direction d : Direction.values()) {
      FakeConnection c = new FakeConnection();
      open("{\"timeout\": \"1s\"}", c);
      for (int i = 0; i < 20; i++) {
        c.advance(Duration.ofMillis(600));
        c.receive(d, 1);
      }
      assertThat(c.isClosed()).as(d.wireName()).isFalse();
      c.advance(Duration.ofMillis(999));
      assertThat(c.isClosed()).as(d.wireName()).isFalse();
      c.advance(Duration.ofMillis(1));
      assertThat(c.closes()).as(d.wireName()).hasSize(1);
    }
  }

  @Test
  void keepsOneTimerHoweverManyChunksPass() throws Exception {
    open("{\"timeout\": \"1s\"}");
    for (int i = 0; i < 1000; i++) {
      connection.receive(Direction.UPSTREAM, 16);
    }
    assertThat(connection.pendingTimers()).isEqualTo(1);
  }

  @Test
  void theHalfClosedTimeoutAppliesOnceASideHasSentItsFin() throws Exception {
    ConnectionPolicy p = open("{\"timeout\": \"1m\", \"half-closed-timeout\": \"2s\"}");
    advanceMillis(500);
    connection.receiveFin(Direction.DOWNSTREAM);
    p.onFin(Direction.DOWNSTREAM, null);
    advanceMillis(1499);
    assertThat(connection.isClosed()).isFalse();
    advanceMillis(1);
    assertThat(connection.closes()).containsExactly(new Close(CloseAction.FIN, CloseCause.IDLE));
  }

  @Test
  void aFinAfterASilenceLongerThanTheHalfClosedTimeoutClosesAtOnce() throws Exception {
    ConnectionPolicy p = open("{\"timeout\": \"1m\", \"half-closed-timeout\": \"1s\"}");
    advanceMillis(5000);
    connection.receiveFin(Direction.UPSTREAM);
    p.onFin(Direction.UPSTREAM, null);
    assertThat(connection.closes()).hasSize(1);
  }

  @Test
  void aZeroTimeoutWatchesOnlyHalfClosedConnections() throws Exception {
    ConnectionPolicy p = open("{\"timeout\": 0, \"half-closed-timeout\": \"1s\"}");
    advanceMillis(3_600_000);
    assertThat(connection.isClosed()).isFalse();
    assertThat(connection.pendingTimers()).isZero();
    connection.receive(Direction.UPSTREAM, 1);
    connection.receiveFin(Direction.UPSTREAM);
    p.onFin(Direction.UPSTREAM, null);
    advanceMillis(1000);
    assertThat(connection.closes()).hasSize(1);
  }

  @Test
  void aZeroHalfClosedTimeoutLeavesHalfClosedConnectionsAlone() throws Exception {
    ConnectionPolicy p = open("{\"timeout\": \"1s\", \"half-closed-timeout\": 0}");
    connection.receiveFin(Direction.UPSTREAM);
    p.onFin(Direction.UPSTREAM, null);
    advanceMillis(3_600_000);
    assertThat(connection.isClosed()).isFalse();
  }

  @Test
  void theFinGoesOnUntouched() throws Exception {
    ConnectionPolicy p = open("{\"timeout\": \"1s\"}");
    assertThat(p.onFin(Direction.UPSTREAM, null)).isTrue();
  }

  @Test
  void neverTouchesDataSoTheConnectionKeepsTheFastPath() throws Exception {
    PolicyChecks.assertTouchesNoData(PolicyChecks.parse(new IdleTimeoutFactory(), "{\"timeout\": \"1s\"}"));
  }
}
