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
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The keep-alive policy alone, on a fake connection. */
class KeepAlivePolicyTest {

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return new KeepAliveFactory().create(new PolicyConfig(new JsonObject(json)));
  }

  private static void connect(Policy policy, FakeConnection connection) {
    ConnectionPolicy p = policy.open(connection);
    p.onAccepted();
    connection.connectBackend();
    p.onBackendConnected();
  }

  @Test
  void turnsKeepAliveOnOnBothSidesWithTheTimings() throws Exception {
    FakeConnection connection = new FakeConnection();
    connect(parse("{\"idle\": \"60s\", \"interval\": \"10s\", \"count\": 5}"), connection);
    for (Side side : Side.values()) {
      assertThat(connection.options(side).keepAlive()).isTrue();
      assertThat(connection.options(side).keepAliveTimings()).containsExactly(60, 10, 5);
    }
  }

  @Test
  void eachSideCanBeLeftOff() throws Exception {
    FakeConnection connection = new FakeConnection();
    connect(parse("{\"client\": false}"), connection);
    assertThat(connection.options(Side.CLIENT).keepAlive()).isFalse();
    assertThat(connection.options(Side.BACKEND).keepAlive()).isTrue();
  }

  @Test
  void whereTheTransportCannotSetTimingsItSaysSo() throws Exception {
    Policy policy = parse("{\"idle\": \"1m\"}");
    FakeConnection nio = new FakeConnection(new InetSocketAddress("127.0.0.1", 40000), false);
    connect(policy, nio);
    assertThat(nio.options(Side.CLIENT).keepAlive()).isTrue();
    assertThat(policy.status().getLong("timings_not_applied")).isEqualTo(2);
    connect(parse("{}"), new FakeConnection(new InetSocketAddress("127.0.0.1", 40001), false));
    assertThat(parse("{}").status().getLong("timings_not_applied")).as("no timings asked, none missed").isZero();
  }

  @Test
  void neverTouchesData() throws Exception {
    Policy policy = parse("{}");
    for (Direction d : Direction.values()) {
      assertThat(policy.touchesData(d)).isFalse();
    }
  }

  @Test
  void timingsMustBeWholeSecondsInTheKernelsRange() {
    assertThatThrownBy(() -> parse("{\"idle\": \"1500ms\"}")).hasMessageContaining("whole seconds")
      .extracting(e -> ((InvalidPolicyConfigException) e).field()).isEqualTo("idle");
    assertThatThrownBy(() -> parse("{\"interval\": \"10h\"}")).hasMessageContaining("from 0 to 32767")
      .extracting(e -> ((InvalidPolicyConfigException) e).field()).isEqualTo("interval");
    assertThatThrownBy(() -> parse("{\"count\": 500}")).hasMessageContaining("from 0 to 127")
      .extracting(e -> ((InvalidPolicyConfigException) e).field()).isEqualTo("count");
  }
}
