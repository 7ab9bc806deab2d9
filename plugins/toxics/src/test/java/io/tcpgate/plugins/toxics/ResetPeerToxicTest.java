package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.Direction;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.Side;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ResetPeerToxicTest {
  private final ResetPeerToxic factory = new ResetPeerToxic();

  @Test
  void withNoTrafficNothingHappens() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":200}}");
    c.advanceMillis(3_600_000);
    assertThat(c.actions).isEmpty();
    assertThat(c.pendingTimers()).isZero();
  }

  @Test
  void theFirstChunkIsDroppedWithEveryLaterOneAndTheClientIsResetTimeoutAfterIt() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":200}}");
    c.advanceMillis(1_000);
    c.send(new byte[] {1, 2});
    c.advanceMillis(150);
    c.send(new byte[] {3}); // does not restart the timer
    c.advanceMillis(49);
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("reset client at 1200ms");
    assertThat(c.out.size()).isZero();
  }

  @Test
  void upstreamResetsTheBackendAtOnceOnTheClientsFirstChunk() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"stream\":\"upstream\",\"attributes\":{\"timeout\":0}}");
    c.advanceMillis(500);
    assertThat(c.actions).isEmpty();
    c.policy.onData(Direction.UPSTREAM, Buffer.buffer("hi"), c.out);
    assertThat(c.actions).containsExactly("reset backend at 500ms");
    assertThat(c.out.size()).isZero();
  }

  @Test
  void theStreamsFinTriggersItWhenNoChunkCameAndTheResetReplacesTheFin() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":100}}");
    c.fin();
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(100);
    assertThat(c.actions).containsExactly("reset client at 100ms");
  }

  @Test
  void aFinAfterTheTriggerIsHeldTooAndTheResetComesOnItsTime() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":100}}");
    c.send(new byte[] {1});
    c.advanceMillis(50);
    c.fin();
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(50);
    assertThat(c.actions).containsExactly("reset client at 100ms");
  }

  @Test
  void theEndOfAResetSourcePassesOnToTheResetTranslation() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":100}}");
    c.policy.onReset(Side.BACKEND);
    c.fin();
    assertThat(c.out.ended).isTrue();
    c.advanceMillis(1_000);
    assertThat(c.actions).isEmpty();
  }

  @Test
  void removalBeforeAnyChunkMeansNoReset() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":200}}");
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    c.policy.onRemoved();
    c.advanceMillis(1_000);
    assertThat(c.actions).isEmpty();
  }

  @Test
  void removalAfterTheTriggerResetsAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":200}}");
    c.send(new byte[] {1});
    c.advanceMillis(50);
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    c.policy.onRemoved();
    assertThat(c.actions).containsExactly("reset client at 50ms");
    c.advanceMillis(1_000);
    assertThat(c.actions).hasSize(1);
  }

  @Test
  void theGatewaysOwnFinOnTheReceiverCancelsAPendingReset() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":200}}");
    c.send(new byte[] {1});
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out); // the gateway ends the client with FIN (idle timeout, API close)
    c.advanceMillis(1_000);
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out); // then the toxic is removed
    c.policy.onRemoved();
    assertThat(c.actions).isEmpty();
  }

  @Test
  void anUpdatedTimeoutCountsFromTheTrigger() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":1000}}");
    c.send(new byte[] {1});
    c.advanceMillis(300);
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"timeout\":500}}"))))).isTrue();
    c.advanceMillis(199);
    assertThat(c.actions).isEmpty();
    c.advanceMillis(1);
    assertThat(c.actions).containsExactly("reset client at 500ms");
  }

  @Test
  void anUpdatedTimeoutAlreadyPastResetsAtOnceAndOneBeforeTheTriggerJustWaits() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"timeout\":1000}}");
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"timeout\":2000}}"))))).isTrue();
    assertThat(c.pendingTimers()).isZero();
    c.send(new byte[] {1});
    c.advanceMillis(300);
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"timeout\":100}}"))))).isTrue();
    assertThat(c.actions).containsExactly("reset client at 300ms");
  }
}
