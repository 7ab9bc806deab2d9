package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class BandwidthToxicTest {
  private final BandwidthToxic factory = new BandwidthToxic();

  @Test
  void tenKilobytesAtTenKilobytesPerSecondTakeOneSecond() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"rate\":10}}");
    c.send(new byte[10_000]);
    c.advanceMillis(999);
    assertThat(c.out.size()).isLessThan(10_000);
    c.advanceMillis(1);
    assertThat(c.out.size()).isEqualTo(10_000);
  }

  @Test
  void aLargeChunkGoesOutInHundredMillisecondPieces() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"rate\":10}}");
    c.send(new byte[5_000]);
    c.advanceMillis(100);
    assertThat(c.out.size()).isEqualTo(1_000);
    c.advanceMillis(400);
    assertThat(c.out.emits).containsOnly(1_000).hasSize(5);
  }

  @Test
  void rateZeroIsUnlimited() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"rate\":0}}");
    c.send(new byte[100_000]);
    c.advanceMillis(0);
    assertThat(c.out.size()).isEqualTo(100_000);
  }

  @Test
  void theFinFollowsTheLastLimitedByte() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"rate\":1}}");
    c.send(new byte[500]);
    c.fin();
    c.advanceMillis(499);
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(1);
    assertThat(c.out.ended).isTrue();
  }

  @Test
  void anUpdatedRatePacesWhatIsHeldAgainInOrderWithTheFinBehind() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"rate\":10}}"); // 10 bytes/ms, 1,000-byte pieces
    byte[] data = new byte[3_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    c.send(data);
    c.fin();
    c.advanceMillis(100);
    assertThat(c.out.size()).isEqualTo(1_000);
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"rate\":1}}"))))).isTrue();
    c.advanceMillis(100);
    assertThat(c.out.size()).as("the held 2,000 bytes now at 1 byte/ms, in 100-byte pieces").isEqualTo(1_100);
    c.advanceMillis(1_899);
    assertThat(c.out.ended).isFalse();
    c.advanceMillis(1);
    assertThat(c.out.bytes.toByteArray()).isEqualTo(data);
    assertThat(c.out.ended).as("the FIN after the last byte").isTrue();
  }

  @Test
  void anUpdateToUnlimitedPassesWhatIsHeldAndTheFinAtOnce() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"rate\":1}}");
    c.send(new byte[500]);
    c.fin();
    assertThat(c.out.ended).isFalse();
    assertThat(c.policy.update(factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"rate\":0}}"))))).isTrue();
    assertThat(c.out.size()).isEqualTo(500);
    assertThat(c.out.ended).isTrue();
  }
}
