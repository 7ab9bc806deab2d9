package io.tcpgate.plugins.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.FakeConnection.Close;
import io.tcpgate.testkit.PolicyChecks;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The max-connections policy alone, on fake connections. */
class MaxConnectionsPolicyTest {
  private static int nextPort = 40000;

  private static final MaxConnectionsFactory FACTORY = new MaxConnectionsFactory();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return PolicyChecks.parse(FACTORY, json);
  }

  /** A connection from {@code ip} accepted under {@code policy}. */
  private static Accepted accept(Policy policy, String ip) {
    FakeConnection connection = new FakeConnection(new InetSocketAddress(ip, nextPort++), true);
    ConnectionPolicy instance = policy.open(connection);
    instance.onAccepted();
    return new Accepted(connection, instance);
  }

  private record Accepted(FakeConnection connection, ConnectionPolicy instance) {
    void close() {
      instance.onClose(connection.isClosed() ? CloseCause.LIMIT : CloseCause.COMPLETED);
    }
  }

  @Test
  void admitsUpToTheLimitAndRefusesTheNextWithTheAction() throws Exception {
    Policy policy = parse("{\"max\": 2, \"action\": \"rst\"}");
    assertThat(accept(policy, "127.0.0.1").connection().isClosed()).isFalse();
    assertThat(accept(policy, "127.0.0.1").connection().isClosed()).isFalse();
    assertThat(accept(policy, "127.0.0.1").connection().closes()).containsExactly(new Close(CloseAction.RST, CloseCause.LIMIT));
    assertThat(policy.status().getInteger("live")).isEqualTo(2);
    assertThat(policy.status().getLong("refused")).isEqualTo(1);
  }

  @Test
  void aClosedConnectionFreesItsPlaceAndARefusedOneHadNone() throws Exception {
    Policy policy = parse("{\"max\": 1}");
    Accepted first = accept(policy, "127.0.0.1");
    Accepted refused = accept(policy, "127.0.0.1");
    assertThat(refused.connection().closes()).containsExactly(new Close(CloseAction.FIN, CloseCause.LIMIT));
    refused.close();
    assertThat(policy.status().getInteger("live")).isEqualTo(1);
    first.close();
    first.close();
    assertThat(policy.status().getInteger("live")).isZero();
    assertThat(accept(policy, "127.0.0.1").connection().isClosed()).isFalse();
  }

  @Test
  void thePerClientLimitCountsEachAddressApart() throws Exception {
    Policy policy = parse("{\"max\": 10, \"per-client\": 1}");
    Accepted a = accept(policy, "127.0.0.1");
    assertThat(accept(policy, "127.0.0.1").connection().isClosed()).isTrue();
    assertThat(accept(policy, "127.0.0.2").connection().isClosed()).isFalse();
    assertThat(policy.status().getInteger("live")).isEqualTo(2);
    a.close();
    assertThat(accept(policy, "127.0.0.1").connection().isClosed()).isFalse();
  }

  @Test
  void neverTouchesData() throws Exception {
    PolicyChecks.assertTouchesNoData(parse("{\"max\": 1, \"per-client\": 1}"));
  }

  @Test
  void badFieldsAreNamed() {
    PolicyChecks.rejected(FACTORY, "{}", "max", "missing");
    PolicyChecks.rejected(FACTORY, "{\"max\": 0}", "max", "from 1 to");
    PolicyChecks.rejected(FACTORY, "{\"max\": 5, \"per-client\": -1}", "per-client", "from 0 to");
    PolicyChecks.rejected(FACTORY, "{\"max\": 5, \"action\": \"drop\"}", "action", "expected one of fin, rst");
  }

  @Test
  void aMissingMaxIsListedWithTheEntrysOtherBadFields() {
    assertThat(PolicyChecks.problems(FACTORY, "{\"per-client\": -1, \"action\": \"drop\"}")).satisfiesExactly(
      p -> assertThat(p).startsWith("max: missing; expected a whole number of connections"),
      p -> assertThat(p).startsWith("per-client: expected a whole number from 0 to"),
      p -> assertThat(p).startsWith("action: expected one of fin, rst"));
  }
}
