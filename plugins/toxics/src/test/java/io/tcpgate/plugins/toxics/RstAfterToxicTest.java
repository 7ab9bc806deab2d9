package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class RstAfterToxicTest {
  private final RstAfterToxic factory = new RstAfterToxic();

  private Policy updated(String json) throws Exception {
    return factory.create(new PolicyConfig(new JsonObject(json)));
  }
  @Test
  void exactlyTheBytesPassThenTheClientIsReset() throws Exception {
    FakeConnection c = FakeConnection.open(new RstAfterToxic(), "{\"attributes\":{\"bytes\":5}}");
    c.send(new byte[3]);
    assertThat(c.actions).isEmpty();
    c.send(new byte[3]);
    c.send(new byte[3]);
    assertThat(c.out.size()).isEqualTo(5);
    assertThat(c.actions).containsExactly("reset client at 0ms");
  }

  @Test
  void theTimerResetsWithNoTraffic() throws Exception {
    FakeConnection c = FakeConnection.open(new RstAfterToxic(), "{\"attributes\":{\"timeout\":250}}");
    c.advanceMillis(249);
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("reset client at 250ms");
  }

  @Test
  void anUpdatedByteCountCountsWhatAlreadyPassed() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":50000}}");
    c.send(new byte[20_000]);
    assertThat(c.policy.update(updated("{\"attributes\":{\"bytes\":60000}}"))).isTrue();
    c.send(new byte[50_000]);
    assertThat(c.out.size()).isEqualTo(60_000);
    assertThat(c.actions).containsExactly("reset client at 0ms");
  }

  @Test
  void anUpdatedByteCountBelowWhatPassedResetsAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":50000}}");
    c.send(new byte[20_000]);
    assertThat(c.policy.update(updated("{\"attributes\":{\"bytes\":10000}}"))).isTrue();
    assertThat(c.out.size()).isEqualTo(20_000);
    assertThat(c.actions).containsExactly("reset client at 0ms");
  }

  @Test
  void anUpdatedTimeoutCountsFromWhenTheToxicStartedActing() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":1000}}");
    c.advanceMillis(400);
    assertThat(c.policy.update(updated("{\"attributes\":{\"timeout\":600}}"))).isTrue();
    c.advanceMillis(199);
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("reset client at 600ms");
  }

  @Test
  void anUpdateToNoTimeoutLeavesOnlyTheByteCount() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":100,\"timeout\":500}}");
    assertThat(c.policy.update(updated("{\"attributes\":{\"bytes\":100}}"))).isTrue();
    c.advanceMillis(5_000);
    assertThat(c.actions).isEmpty();
    c.send(new byte[150]);
    assertThat(c.out.size()).isEqualTo(100);
    assertThat(c.actions).containsExactly("reset client at 5000ms");
  }
}
