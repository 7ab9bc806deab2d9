package io.tcpgate.plugins.socketoptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.PolicyChecks;
import org.junit.jupiter.api.Test;

/** The socket-buffers policy alone, on a fake connection. */
class SocketBuffersPolicyTest {
  private static final SocketBuffersFactory FACTORY = new SocketBuffersFactory();
  private final FakeConnection connection = new FakeConnection();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return PolicyChecks.parse(FACTORY, json);
  }

  @Test
  void setsEachSideAsConfiguredAndTheBackendOnlyOnceItIsConnected() throws Exception {
    ConnectionPolicy p = parse("{\"client-receive\": \"256k\", \"backend-send\": 1048576}").open(connection);
    p.onAccepted();
    assertThat(connection.options(Side.CLIENT).buffers()).containsExactly(256 * 1024, 0);
    assertThat(connection.options(Side.BACKEND).changes()).isZero();
    connection.connectBackend();
    p.onBackendConnected();
    assertThat(connection.options(Side.BACKEND).buffers()).containsExactly(0, 1024 * 1024);
  }

  @Test
  void aSideNotNamedIsLeftToTheKernel() throws Exception {
    ConnectionPolicy p = parse("{\"backend-receive\": \"64k\"}").open(connection);
    p.onAccepted();
    connection.connectBackend();
    p.onBackendConnected();
    assertThat(connection.options(Side.CLIENT).changes()).isZero();
  }

  @Test
  void neverTouchesData() throws Exception {
    PolicyChecks.assertTouchesNoData(parse("{\"client-send\": \"1m\"}"));
  }

  @Test
  void badFieldsAreNamed() {
    PolicyChecks.rejected(FACTORY, "{}", "client-receive", "set at least one of client-receive, client-send, backend-receive, backend-send");
    PolicyChecks.rejected(FACTORY, "{\"client-send\": \"lots\"}", "client-send", "expected a size such as 65536, 64k, 1m");
    PolicyChecks.rejected(FACTORY, "{\"backend-send\": 100}", "backend-send", "must be from 4k to 64m, got 100");
    PolicyChecks.rejected(FACTORY, "{\"receive\": \"1m\"}", "receive", "known fields");
  }

  @Test
  void aBadSizeIsNotTakenForAMissingOne() {
    assertThat(PolicyChecks.problems(FACTORY, "{\"client-send\": \"lots\"}")).satisfiesExactly(
      p -> assertThat(p).startsWith("client-send: expected a size such as 65536, 64k, 1m"));
    assertThat(PolicyChecks.problems(FACTORY, "{\"receive\": \"1m\"}")).satisfiesExactly(
      p -> assertThat(p).startsWith("receive: unknown field"),
      p -> assertThat(p).startsWith("client-receive: missing: set at least one of"));
  }
}
