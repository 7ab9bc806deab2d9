package io.tcpgate.plugins.socketoptions;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.PolicyChecks;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The keep-alive policy alone, on a fake connection. */
class KeepAlivePolicyTest {

  private static final KeepAliveFactory FACTORY = new KeepAliveFactory();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return PolicyChecks.parse(FACTORY, json);
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
    PolicyChecks.assertTouchesNoData(parse("{}"));
  }

  @Test
  void timingsMustBeWholeSecondsInTheKernelsRange() {
    PolicyChecks.rejected(FACTORY, "{\"idle\": \"1500ms\"}", "idle", "whole seconds");
    PolicyChecks.rejected(FACTORY, "{\"interval\": \"10h\"}", "interval", "from 0 to 32767");
    PolicyChecks.rejected(FACTORY, "{\"count\": 500}", "count", "from 0 to 127");
  }

  @Test
  void aTimingInPartSecondsIsListedWithTheEntrysOtherBadFields() {
    assertThat(PolicyChecks.problems(FACTORY, "{\"client\": \"yes\", \"idle\": \"1500ms\", \"interval\": \"10h\", \"count\": 500}"))
      .satisfiesExactly(
        p -> assertThat(p).startsWith("client: expected true or false"),
        p -> assertThat(p).startsWith("idle: expected whole seconds from 0 to 32767").endsWith("got \"1500ms\""),
        p -> assertThat(p).startsWith("interval: expected whole seconds from 0 to 32767"),
        p -> assertThat(p).startsWith("count: expected a whole number from 0 to 127"));
  }
}
