package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
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
  void slicesDueWithinTheSameMillisecondGoOutTogetherOneWriteEach() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"average_size\":10,\"delay\":100}}");
    c.send(numbered(1_280));
    assertThat(c.out.emits).as("the first slice at once").containsExactly(10);
    c.advanceMillis(1);
    assertThat(c.out.emits).as("the ten due by 1 ms, 100 µs apart, as writes of their own").hasSize(11)
      .allSatisfy(n -> assertThat(n).isEqualTo(10));
    c.advanceMillis(12);
    assertThat(c.out.emits).as("128 slices of 10 bytes").hasSize(128);
    assertThat(c.out.bytes.toByteArray()).isEqualTo(numbered(1_280));
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

  @Test
  void anUpdateCutsWhatIsHeldAgainAndSendsItFromNowInOrderWithTheFinBehind() throws Exception {
    byte[] data = numbered(3_000);
    FakeConnection c = holdingInOneByteSlicesWithTheFin(data);
    c.advanceMillis(9);
    assertThat(c.out.emits).as("1-byte slices, 1 ms apart").hasSize(10);
    assertThat(c.policy.update(slicer("{\"attributes\":{\"average_size\":500,\"delay\":10000}}"))).isTrue();
    assertThat(c.out.emits).as("the first slice of the new cut at once").hasSize(11);
    c.advanceMillis(9);
    assertThat(c.out.emits).hasSize(11);
    c.advanceMillis(1);
    assertThat(c.out.emits).as("the next 10 ms later").hasSize(12);
    c.advanceMillis(100);
    assertThat(c.out.bytes.toByteArray()).as("every byte in order").isEqualTo(data);
    assertThat(c.out.emits.subList(10, c.out.emits.size())).as("the 2,990 held bytes cut at most 500 each")
      .allSatisfy(n -> assertThat(n).isBetween(250, 500));
    assertThat(c.out.ended).as("the FIN after the last slice").isTrue();
  }

  @Test
  void anUpdateToDelayZeroHandsWhatIsHeldOnAtOnceAsOneWriteAndTheFinAfter() throws Exception {
    byte[] data = numbered(100_000);
    FakeConnection c = holdingInOneByteSlicesWithTheFin(data);
    assertThat(c.policy.update(slicer("{\"attributes\":{\"delay\":0}}"))).isTrue();
    assertThat(c.out.emits).containsExactly(1, 99_999);
    assertThat(c.out.bytes.toByteArray()).isEqualTo(data);
    assertThat(c.out.ended).isTrue();
    assertThat(c.pendingTimers()).isZero();
  }

  @Test
  void anUpdateThatChangesNoAttributeLeavesWhatIsHeldOnItsSchedule() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"average_size\":1,\"delay\":10000}}");
    c.send(new byte[3]);
    c.advanceMillis(5);
    assertThat(c.policy.update(slicer("{\"attributes\":{\"average_size\":1,\"delay\":10000}}"))).isTrue();
    assertThat(c.out.emits).as("the second slice still due 10 ms after the first").hasSize(1);
    c.advanceMillis(5);
    assertThat(c.out.emits).hasSize(2);
  }

  /**
   * A mebibyte arriving in 64 KiB chunks into 1-byte slices is held in milliseconds, counted in bytes
   * for back-pressure: held as a queue entry and a copy per slice, it took 0.5 to 1.2 s.
   */
  @Test
  void aMebibyteArrivingIntoOneByteSlicesIsHeldInMillisecondsAndCountedInBytes() throws Exception {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"average_size\":1,\"delay\":1000}}");
    byte[] chunk = numbered(64 * 1024);
    long t0 = System.nanoTime();
    for (int i = 0; i < 16; i++) {
      assertThat(c.send(chunk)).as("ready while at most a mebibyte is held").isNull();
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("a mebibyte into 1-byte slices: held in %d ms%n", millis);
    assertThat(millis).as("ms to hold a mebibyte of 1-byte slices").isLessThan(100);
    assertThat(c.send(chunk)).as("over a mebibyte held: the relay waits").isNotNull();
    c.fin();
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    assertThat(c.out.emits).as("the first slice, then the rest as one write on removal").containsExactly(1, 17 * 64 * 1024 - 1);
    assertThat(c.out.ended).isTrue();
  }

  /**
   * An update that keeps 1-byte slices (only the delay changes) cuts a held mebibyte again in
   * milliseconds: a queue entry and a copy per 1-byte slice took 0.5 to 1.2 s in one event-loop task.
   */
  @Test
  void anUpdateKeepingOneByteSlicesCutsAHeldMebibyteAgainInMilliseconds() throws Exception {
    byte[] data = numbered(1 << 20);
    FakeConnection c = holdingInOneByteSlicesWithTheFin(data);
    long t0 = System.nanoTime();
    assertThat(c.policy.update(slicer("{\"attributes\":{\"average_size\":1,\"delay\":2000}}"))).isTrue();
    long millis = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("an update re-cutting a held mebibyte into 1-byte slices: %d ms%n", millis);
    assertThat(millis).as("ms to cut a held mebibyte again").isLessThan(100);
    assertThat(c.out.emits).as("the first slice of the new cut at once").containsExactly(1, 1);
    c.advanceMillis(3);
    assertThat(c.out.emits).as("the next 2 ms later, 1 byte each").containsExactly(1, 1, 1);
    c.policy.onRemoved(Direction.DOWNSTREAM, c.out);
    assertThat(c.out.bytes.toByteArray()).as("every byte in order").isEqualTo(data);
    assertThat(c.out.ended).as("the FIN after the last byte").isTrue();
  }

  /** A slicer of 1-byte slices 1 ms apart that was sent {@code data} and the FIN; the first slice went at once. */
  private FakeConnection holdingInOneByteSlicesWithTheFin(byte[] data) throws InvalidPolicyConfigException {
    FakeConnection c = FakeConnection.open(factory, "{\"attributes\":{\"average_size\":1,\"delay\":1000}}");
    c.send(data);
    c.fin();
    return c;
  }

  private Policy slicer(String json) throws InvalidPolicyConfigException {
    return factory.create(new PolicyConfig(new JsonObject(json)));
  }

  private static byte[] numbered(int n) {
    byte[] data = new byte[n];
    for (int i = 0; i < n; i++) {
      data[i] = (byte) (i * 7);
    }
    return data;
  }
}
