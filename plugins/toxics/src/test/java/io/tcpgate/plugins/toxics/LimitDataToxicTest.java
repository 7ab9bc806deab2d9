package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LimitDataToxicTest {
  private final LimitDataToxic factory = new LimitDataToxic();

  @Test
  void exactlyTheLimitPassesThenTheConnectionCloses() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":10}}");
    c.send(new byte[6]);
    assertThat(c.actions).isEmpty();
    c.send(new byte[6]);
    c.send(new byte[6]);
    assertThat(c.out.size()).isEqualTo(10);
    assertThat(c.actions).containsExactly("close fin at 0ms");
  }

  @Test
  void zeroWaitsForTheFirstChunkThenClosesDroppingIt() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":0}}");
    c.advanceMillis(3_600_000);
    assertThat(c.actions).isEmpty();
    c.send(new byte[] {1, 2, 3});
    assertThat(c.out.size()).isZero();
    assertThat(c.actions).containsExactly("close fin at 3600000ms");
    c.send(new byte[] {4});
    assertThat(c.actions).hasSize(1);
  }

  @Test
  void anUpdateToZeroWithNothingPassedWaitsForAChunk() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":100}}");
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"bytes\":0}}"))))).isTrue();
    assertThat(c.actions).isEmpty();
    c.send(new byte[] {1});
    assertThat(c.out.size()).isZero();
    assertThat(c.actions).containsExactly("close fin at 0ms");
  }

  @Test
  void anUpdatedLimitCountsWhatAlreadyPassed() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":50000}}");
    c.send(new byte[20_000]);
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"bytes\":60000}}"))))).isTrue();
    c.send(new byte[50_000]);
    assertThat(c.out.size()).isEqualTo(60_000);
    assertThat(c.actions).containsExactly("close fin at 0ms");
  }

  @Test
  void anUpdatedLimitBelowWhatPassedClosesAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"bytes\":50000}}");
    c.send(new byte[20_000]);
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"bytes\":10000}}"))))).isTrue();
    assertThat(c.out.size()).isEqualTo(20_000);
    assertThat(c.actions).containsExactly("close fin at 0ms");
  }
}
