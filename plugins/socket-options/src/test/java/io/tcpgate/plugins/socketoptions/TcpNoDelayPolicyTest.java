package io.tcpgate.plugins.socketoptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.PolicyChecks;
import org.junit.jupiter.api.Test;

/** The tcp-nodelay policy alone, on a fake connection. */
class TcpNoDelayPolicyTest {
  private final FakeConnection connection = new FakeConnection();

  private static final TcpNoDelayFactory FACTORY = new TcpNoDelayFactory();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return PolicyChecks.parse(FACTORY, json);
  }

  private void connect(Policy policy) {
    ConnectionPolicy p = policy.open(connection);
    p.onAccepted();
    connection.connectBackend();
    p.onBackendConnected();
  }

  @Test
  void setsEachSideAsConfigured() throws Exception {
    connect(parse("{\"client\": false, \"backend\": true}"));
    assertThat(connection.options(Side.CLIENT).tcpNoDelay()).isFalse();
    assertThat(connection.options(Side.BACKEND).tcpNoDelay()).isTrue();
  }

  @Test
  void aSideNotNamedIsLeftUntouched() throws Exception {
    connect(parse("{\"backend\": false}"));
    assertThat(connection.options(Side.CLIENT).changes()).isZero();
    assertThat(connection.options(Side.BACKEND).tcpNoDelay()).isFalse();
  }

  @Test
  void theBackendSocketIsSetOnlyOnceItIsConnected() throws Exception {
    ConnectionPolicy p = parse("{\"client\": true, \"backend\": false}").open(connection);
    p.onAccepted();
    assertThat(connection.options(Side.BACKEND).changes()).isZero();
  }

  @Test
  void neverTouchesData() throws Exception {
    PolicyChecks.assertTouchesNoData(parse("{\"client\": false, \"backend\": false}"));
  }

  @Test
  void badFieldsAreNamed() {
    PolicyChecks.rejected(FACTORY, "{}", "client", "set client, backend or both");
    PolicyChecks.rejected(FACTORY, "{\"client\": \"yes\"}", "client", "expected true or false");
    PolicyChecks.rejected(FACTORY, "{\"server\": true}", "server", "known fields: client, backend");
  }

  @Test
  void aMissingSideIsListedWithAnUnknownField() {
    assertThat(PolicyChecks.problems(FACTORY, "{\"clinet\": true}")).satisfiesExactly(
      p -> assertThat(p).startsWith("clinet: unknown field 'clinet'"),
      p -> assertThat(p).startsWith("client: missing: set client, backend or both"));
  }
}
