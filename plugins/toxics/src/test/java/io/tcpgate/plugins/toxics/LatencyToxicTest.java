package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class LatencyToxicTest {
  private final LatencyToxic factory = new LatencyToxic();

  @Test
  void aChunkArrivesAfterTheLatencyAndNotBefore() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"latency\":100}}");
    c.send(new byte[] {1, 2, 3});
    c.advanceMillis(99);
    assertThat(c.out.size()).isZero();
    c.advanceMillis(1);
    assertThat(c.out.size()).isEqualTo(3);
  }

  @Test
  void jitterNeverReordersChunksAndTheFinWaitsForTheLast() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"seed\":7,\"attributes\":{\"latency\":50,\"jitter\":40}}");
    for (int i = 0; i < 50; i++) {
      c.send(new byte[] {(byte) i});
      c.advanceMillis(1);
    }
    c.fin();
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(200);
    byte[] got = c.out.bytes.toByteArray();
    assertThat(got).hasSize(50);
    for (int i = 0; i < 50; i++) {
      assertThat(got[i]).isEqualTo((byte) i);
    }
    assertThat(c.out.ended).isTrue();
  }

  @Test
  void removalHandsOnEveryHeldByteAndTheFinAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"latency\":1000}}");
    c.send(new byte[] {1, 2});
    c.send(new byte[] {3});
    c.fin();
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    assertThat(c.out.bytes.toByteArray()).containsExactly(1, 2, 3);
    assertThat(c.out.ended).isTrue();
    assertThat(c.pendingTimers()).isZero();
  }

  @Test
  void holdingMoreThanTheHighWaterMarkAsksTheRelayToWait() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"latency\":10}}");
    assertThat(c.send(new byte[(int) TimedQueue.HIGH_WATER_BYTES])).isNull();
    var ready = c.send(new byte[1]);
    assertThat(ready).isNotNull();
    assertThat(ready.isComplete()).isFalse();
    c.advanceMillis(10);
    assertThat(ready.isComplete()).isTrue();
  }

  @Test
  void aNegativeLatencyIsRejectedNamingTheAttribute() {
    assertThatThrownBy(() -> factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"latency\":-1}}"))))
      .isInstanceOf(InvalidPolicyConfigException.class)
      .satisfies(e -> assertThat(((InvalidPolicyConfigException) e).field()).isEqualTo("attributes.latency"));
  }

  @Test
  void anUnknownAttributeIsRejected() {
    assertThatThrownBy(() -> factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"latncy\":5}}"))))
      .isInstanceOf(InvalidPolicyConfigException.class)
      .hasMessageContaining("latncy");
  }

  private Policy toxic(String json) throws InvalidPolicyConfigException {
    return factory.create(new PolicyConfig(new JsonObject(json)));
  }

  @Test
  void anUpdateKeepsWhatIsHeldOnItsScheduleAndDelaysLaterChunksByTheNewLatency() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"latency\":1000}}");
    c.send(new byte[] {1});
    c.advanceMillis(500);
    assertThat(c.policy.update(toxic("{\"attributes\":{\"latency\":3000}}"))).as("taken over in place").isTrue();
    c.send(new byte[] {2});
    c.advanceMillis(499);
    assertThat(c.out.size()).as("the held chunk is not released by the update").isZero();
    c.advanceMillis(1);
    assertThat(c.out.size()).as("at 1000 ms, as sent").isEqualTo(1);
    c.advanceMillis(2_499);
    assertThat(c.out.size()).isEqualTo(1);
    c.advanceMillis(1);
    assertThat(c.out.size()).as("the later chunk 3000 ms after it was sent").isEqualTo(2);
  }

  @Test
  void anUpdateOfToxicityIsNotTakenInPlace() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"latency\":1000}}");
    assertThat(c.policy.update(toxic("{\"toxicity\":0.5,\"attributes\":{\"latency\":1000}}")))
      .as("the connection is rolled again by a new instance").isFalse();
    assertThat(c.policy.update(new BandwidthToxic().create(new PolicyConfig(new JsonObject("{}"))))).isFalse();
  }
}
