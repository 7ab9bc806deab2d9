package io.tcpgate.plugins.closesemantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.HalfCloseMode;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.FakeConnection.Close;
import io.tcpgate.testkit.PolicyChecks;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The half-close policy alone, on a fake connection with virtual time. */
class HalfClosePolicyTest {
  private final FakeConnection connection = new FakeConnection();

  private static final HalfCloseFactory FACTORY = new HalfCloseFactory();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return PolicyChecks.parse(FACTORY, json);
  }

  @Test
  void theDefaultIsPropagateAndLeavesNoTrace() throws Exception {
    assertThat(parse("{}")).isEqualTo(new HalfClosePolicy(HalfCloseMode.PROPAGATE, 0, CloseAction.FIN));
    assertThat(parse("{\"mode\": \"propagate\"}").open(connection)).isSameAs(ConnectionPolicy.NONE);
  }

  @Test
  void modeCloseAsksTheGatewayToCloseBothSidesOnTheFirstFin() throws Exception {
    ConnectionPolicy p = parse("{\"mode\": \"close\"}").open(connection);
    p.onAccepted();
    assertThat(connection.halfCloseMode()).isEqualTo(HalfCloseMode.CLOSE);
    assertThat(p.onFin(Direction.UPSTREAM, null)).isTrue();
    assertThat(connection.pendingTimers()).isZero();
  }

  @Test
  void theTimeoutClosesBothSidesThatLongAfterTheFirstFin() throws Exception {
    ConnectionPolicy p = parse("{\"timeout\": \"2s\", \"action\": \"rst\"}").open(connection);
    p.onAccepted();
    connection.advance(Duration.ofSeconds(10));
    assertThat(connection.isClosed()).isFalse();
    connection.deliverFin(Direction.DOWNSTREAM);
    p.onFin(Direction.DOWNSTREAM, null);
    connection.advance(Duration.ofMillis(1500));
    connection.deliverFin(Direction.UPSTREAM);
    p.onFin(Direction.UPSTREAM, null);
    connection.advance(Duration.ofMillis(499));
    assertThat(connection.isClosed()).isFalse();
    connection.advance(Duration.ofMillis(1));
    assertThat(connection.closes()).containsExactly(new Close(CloseAction.RST, CloseCause.HALF_CLOSE));
  }

  @Test
  void theTimeoutStartsOnceTheFinReachedItsReceiver() throws Exception {
    ConnectionPolicy p = parse("{\"timeout\": \"2s\", \"action\": \"fin\"}").open(connection);
    p.onAccepted();
    p.onFin(Direction.DOWNSTREAM, null); // the bytes before it still on their way to the client
    connection.advance(Duration.ofSeconds(5));
    assertThat(connection.isClosed()).as("not while the FIN is on its way").isFalse();
    connection.deliverFin(Direction.DOWNSTREAM);
    connection.advance(Duration.ofMillis(1999));
    assertThat(connection.isClosed()).isFalse();
    connection.advance(Duration.ofMillis(101)); // the delivery is looked at every 100 ms
    assertThat(connection.closes()).containsExactly(new Close(CloseAction.FIN, CloseCause.HALF_CLOSE));
  }

  @Test
  void neverTouchesData() throws Exception {
    PolicyChecks.assertTouchesNoData(parse("{\"mode\": \"close\", \"timeout\": 0}"));
  }

  @Test
  void badFieldsAreNamed() {
    PolicyChecks.rejected(FACTORY, "{\"mode\": \"half\"}", "mode", "expected one of propagate, close");
    PolicyChecks.rejected(FACTORY, "{\"mode\": \"close\", \"timeout\": \"1s\"}", "timeout", "applies to mode propagate only");
    PolicyChecks.rejected(FACTORY, "{\"modes\": \"close\"}", "modes", "known fields: mode, timeout, action");
  }

  @Test
  void aTimeoutModeCloseCannotUseIsListedWithTheEntrysOtherBadFields() {
    assertThat(PolicyChecks.problems(FACTORY, "{\"mode\": \"close\", \"timeout\": \"1s\", \"action\": \"drop\"}")).satisfiesExactly(
      p -> assertThat(p).startsWith("action: expected one of fin, rst"),
      p -> assertThat(p).startsWith("timeout: applies to mode propagate only"));
  }
}
