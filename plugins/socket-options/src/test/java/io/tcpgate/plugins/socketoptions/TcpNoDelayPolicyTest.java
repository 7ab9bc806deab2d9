package io.tcpgate.plugins.socketoptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.FakeConnection;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The tcp-nodelay policy alone, on a fake connection. */
class TcpNoDelayPolicyTest {
  private final FakeConnection connection = new FakeConnection();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return new TcpNoDelayFactory().create(new PolicyConfig(new JsonObject(json)));
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
    Policy policy = parse("{\"client\": false, \"backend\": false}");
    for (Direction d : Direction.values()) {
      assertThat(policy.touchesData(d)).isFalse();
    }
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(() -> parse("{}")).hasMessageContaining("set client, backend or both")
      .extracting(e -> ((InvalidPolicyConfigException) e).field()).isEqualTo("client");
    assertThatThrownBy(() -> parse("{\"client\": \"yes\"}")).hasMessageContaining("expected true or false");
    assertThatThrownBy(() -> parse("{\"server\": true}")).hasMessageContaining("known fields: client, backend");
  }
}
