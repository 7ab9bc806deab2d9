package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Await;
import io.vertx.core.json.JsonArray;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SlicerToxicSocketTest {
  @Test
  void theClientReadsTheStreamInSlicesOfAtMostAverageSizePlusVariation() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 100, 3000).setSizeVariation(20);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[3000], GatewayUnderTest.WAIT);
        s.setSoTimeout((int) GatewayUnderTest.WAIT.toMillis());
        InputStream in = s.getInputStream();
        List<Integer> reads = new ArrayList<>();
        byte[] buf = new byte[65536];
        int total = 0;
        while (total < 3000 && reads.size() < 3000) {
          int n = in.read(buf);
          assertThat(n).isPositive();
          reads.add(n);
          total += n;
        }
        assertThat(total).isEqualTo(3000);
        long small = reads.stream().filter(n -> n <= 120).count();
        assertThat(small).as("reads of at most 120 bytes, of %s", reads).isGreaterThanOrEqualTo(reads.size() * 9L / 10);
        assertThat(reads.size()).isGreaterThanOrEqualTo(3000 / 120 * 9 / 10);
      }
    }
  }

  /**
   * Removing a slicer that holds a mebibyte of 1-byte slices hands it on as one write: handed on slice
   * by slice (a flush each) it kept the event loop, and the API call, busy for seconds.
   */
  @Test
  void removingASlicerThatHoldsManySlicesHandsThemOnAtOnceInOrder() throws Exception {
    Timings t = changeASlicerHoldingAMebibyte(21, (gw, p) -> p.toxics().get("sl").remove());
    assertThat(t.changeMillis()).as("ms to remove the slicer").isLessThan(1_000);
  }

  /**
   * Updating a slicer that holds a mebibyte of 1-byte slices cuts it again under the new attributes in
   * one pass: the held slices kept their 1 ms schedule (17 minutes for the echo).
   */
  @Test
  void updatingASlicerThatHoldsManySlicesCutsThemAgainAtOnceInOrder() throws Exception {
    Timings t = changeASlicerHoldingAMebibyte(22, (gw, p) -> {
      HttpResponse<String> updated = gw.call("POST", "/proxies/echo/toxics/sl", "{\"attributes\":{\"average_size\":65536}}");
      assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    });
    System.out.printf("slicer update with over 900 KiB held: answered in %d ms, echo complete %d ms after it%n",
      t.changeMillis(), t.echoMillis());
    assertThat(t.changeMillis()).as("ms to update the slicer").isLessThan(1_000);
    assertThat(t.echoMillis()).as("ms from the update to the last byte of the echo (64 KiB slices, 1 ms apart)")
      .isLessThan(2_000);
  }

  /** A change of the slicer {@code sl} of the proxy {@code echo}. */
  private interface SlicerChange {
    void apply(GatewayUnderTest gw, Proxy p) throws Exception;
  }

  /** ms the change took to answer, and ms from its start to the last byte of the echo. */
  private record Timings(long changeMillis, long echoMillis) {
  }

  /**
   * Echoes a mebibyte through a slicer of 1-byte slices 1 ms apart and, once the gateway has read over
   * 900 KiB of the echo (the slicer holds it), applies {@code change}; asserts every byte comes back in order.
   */
  private static Timings changeASlicerHoldingAMebibyte(long seed, SlicerChange change) throws Exception {
    Payload payload = Payload.of(seed, 1 << 20);
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 1, 1000);
      try (Socket s = gw.connect(p)) {
        CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> { // reads as fast as it can
          try {
            return Peers.readExactly(s, (int) payload.length(), GatewayUnderTest.WAIT);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        PendingWrite up = Peers.writeAsync(s, payload);
        up.await(GatewayUnderTest.WAIT);
        Await.until("the gateway to have read 900 KiB of the echo (the slicer holds it)", GatewayUnderTest.WAIT,
          () -> bytesDownstream(gw) > 900 * 1024);
        long t0 = System.nanoTime();
        change.apply(gw, p);
        long changeMillis = (System.nanoTime() - t0) / 1_000_000;
        byte[] got = echoed.get(GatewayUnderTest.WAIT.toSeconds(), TimeUnit.SECONDS);
        long echoMillis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(got).as("the echo, every byte in order").isEqualTo(payload.toByteArray());
        return new Timings(changeMillis, echoMillis);
      }
    }
  }

  /** The echo connection's bytes read from the backend; 0 while it is not listed yet (its accept may lag the client's connect). */
  private static long bytesDownstream(GatewayUnderTest gw) {
    try {
      JsonArray listed = new JsonArray(gw.call("GET", "/connections", null).body());
      return listed.isEmpty() ? 0 : listed.getJsonObject(0).getLong("bytes_downstream");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
