package io.tcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PayloadTest {

  @Test
  void sha256OfAFixedSeedAndLengthNeverChanges() {
    // Pinned so that other modules can rely on a payload's identity across releases.
    assertThat(Payload.of(42, 1000).sha256()).isEqualTo(PINNED_SEED_42_LEN_1000);
    assertThat(Payload.of(0, 0).sha256())
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void bytesAreLittleEndianSplitMix64OutputsSoOtherToolsCanReproduceThem() {
    // First SplitMix64 output for seed 0 is 0xE220A8397B1DCDAF.
    assertThat(HexFormat.of().formatHex(Payload.of(0, 8).toByteArray()))
        .isEqualTo("afcd1d7b39a820e2");
  }

  @Test
  void sameSeedAndLengthGiveTheSameBytes() {
    assertThat(Payload.of(7, 100_003).toByteArray()).isEqualTo(Payload.of(7, 100_003).toByteArray());
  }

  @Test
  void differentSeedsGiveDifferentBytes() {
    assertThat(Payload.of(1, 4096).sha256()).isNotEqualTo(Payload.of(2, 4096).sha256());
  }

  @Test
  void shorterPayloadIsAPrefixOfALongerOneWithTheSameSeed() {
    byte[] longer = Payload.of(9, 1000).toByteArray();
    assertThat(Payload.of(9, 333).toByteArray()).isEqualTo(Arrays.copyOf(longer, 333));
  }

  @Test
  void digestEqualsMessageDigestOfTheBytes() throws Exception {
    Payload p = Payload.of(3, 123_457);
    String expected = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(p.toByteArray()));
    assertThat(p.digest()).isEqualTo(new StreamDigest(123_457, expected));
  }

  @Test
  void writtenBytesDoNotDependOnChunkSize() throws IOException {
    Payload p = Payload.of(5, 70_001);
    for (int chunk : new int[] {1, 7, 8, 4096, 1 << 20}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      p.writeTo(out, chunk);
      assertThat(out.toByteArray()).as("chunk %d bytes", chunk).isEqualTo(p.toByteArray());
    }
  }

  @Test
  void openStreamYieldsTheSameBytesAsToByteArray() throws IOException {
    Payload p = Payload.of(11, 50_001);
    assertThat(p.openStream().readAllBytes()).isEqualTo(p.toByteArray());
    assertThat(Sha256Sink.drain(p.openStream())).isEqualTo(p.digest());
  }

  @Test
  void sixtyFourMibDigestIsComputedWithoutHoldingThePayload() {
    StreamDigest d = Payload.of(64, 64L * 1024 * 1024).digest();
    assertThat(d.count()).isEqualTo(64L * 1024 * 1024);
    assertThat(d.sha256Hex()).hasSize(64);
  }

  private static final String PINNED_SEED_42_LEN_1000 = "9478da224d93883893008c657d547a0a4f40ed3244d0f1cc527e2ee281d03f44";
}
