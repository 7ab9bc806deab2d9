package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacketLossToxicTest {
  private final PacketLossToxic factory = new PacketLossToxic();

  private static int passed(FakeConnection c, int chunks) {
    for (int i = 0; i < chunks; i++) {
      c.send(new byte[] {(byte) i});
    }
    return c.out.size();
  }

  @Test
  void aboutLossRateOfTheChunksAreDropped() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"seed\":11,\"attributes\":{\"loss_rate\":0.3}}");
    assertThat(passed(c, 10_000)).isBetween(6_600, 7_400);
  }

  @Test
  void correlationMakesDropsComeInBursts() throws Exception {
    FakeConnection plain = FakeConnection.open(factory, "{\"seed\":11,\"attributes\":{\"loss_rate\":0.2}}");
    FakeConnection bursty = FakeConnection.open(factory, "{\"seed\":11,\"attributes\":{\"loss_rate\":0.2,\"correlation\":0.6}}");
    assertThat(passed(bursty, 10_000)).isLessThan(passed(plain, 10_000) - 1_000);
  }

  @Test
  void theSameSeedDropsTheSameChunks() throws Exception {
    FakeConnection a = FakeConnection.open(factory, "{\"seed\":5,\"attributes\":{\"loss_rate\":0.5}}");
    FakeConnection b = FakeConnection.open(factory, "{\"seed\":5,\"attributes\":{\"loss_rate\":0.5}}");
    passed(a, 1_000);
    passed(b, 1_000);
    assertThat(a.out.bytes.toByteArray()).isEqualTo(b.out.bytes.toByteArray());
  }

  @Test
  void zeroLossDropsNothing() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{}}");
    assertThat(passed(c, 1_000)).isEqualTo(1_000);
  }
}
