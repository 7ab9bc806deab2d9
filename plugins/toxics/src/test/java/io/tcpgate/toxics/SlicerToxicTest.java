package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class SlicerToxicTest {
  private final SlicerToxic factory = new SlicerToxic();

  @Test
  void slicesStayWithinAverageSizePlusVariationAndAreDelayApart() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"seed\":3,\"attributes\":{\"average_size\":100,\"size_variation\":20,\"delay\":1000}}");
    c.send(new byte[10_000]);
    c.advanceMillis(0);
    assertThat(c.out.emits).hasSize(1);
    c.advanceMillis(1);
    assertThat(c.out.emits).hasSize(2);
    c.advanceMillis(1_000);
    assertThat(c.out.size()).isEqualTo(10_000);
    assertThat(c.out.emits).allSatisfy(n -> assertThat(n).isBetween(1, 120));
    assertThat(c.out.emits.size()).isGreaterThanOrEqualTo(10_000 / 120);
  }

  @Test
  void chunksSmallerThanASliceAreDelayApartToo() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"average_size\":1000,\"delay\":10000}}");
    for (int i = 0; i < 5; i++) {
      c.send(new byte[100]);
    }
    c.advanceMillis(0);
    assertThat(c.out.emits).as("the first at once").containsExactly(100);
    c.advanceMillis(9);
    assertThat(c.out.emits).as("the second not before 10 ms").hasSize(1);
    c.advanceMillis(1);
    assertThat(c.out.emits).hasSize(2);
    c.advanceMillis(30);
    assertThat(c.out.emits).as("one every 10 ms").hasSize(5);
  }

  @Test
  void aSmallChunkStaysWhole() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"average_size\":100}}");
    c.send(new byte[80]);
    c.advanceMillis(0);
    assertThat(c.out.emits).containsExactly(80);
  }

  @Test
  void aVariationAsLargeAsTheAverageIsRejected() {
    assertThatThrownBy(() -> factory.create(new PolicyConfig(new JsonObject("{\"attributes\":{\"average_size\":10,\"size_variation\":10}}"))))
      .isInstanceOf(InvalidPolicyConfigException.class).hasMessageContaining("less than average_size");
  }
}
