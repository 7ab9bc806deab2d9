package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.Sha256Sink;
import io.tcpgate.testkit.StreamDigest;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A toxic added to and removed from a streaming connection 1,000 times: the stream stays byte-exact and
 * the API answers promptly throughout (it never waits on the data path).
 */
class ToxicChurnUnderLoadTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int CYCLES = 1_000;

  /**
   * Reads to EOF into a digest: at most ~16 MB/s while the churn runs (so the stream outlasts it; rate
   * limiting, not synchronisation), then at full speed.
   */
  private static StreamDigest read(Socket socket, AtomicBoolean churning) {
    Sha256Sink sink = new Sha256Sink();
    byte[] buf = new byte[16 * 1024];
    long deadline = System.nanoTime() + WAIT.toNanos();
    try (InputStream in = socket.getInputStream()) {
      socket.setSoTimeout((int) WAIT.toMillis());
      int n;
      while ((n = in.read(buf)) >= 0 && System.nanoTime() < deadline) {
        sink.write(buf, 0, n);
        if (churning.get()) {
          LockSupport.parkNanos(1_000_000);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("stream failed after " + sink.count() + " bytes", e);
    }
    return sink.digest();
  }

  @Test
  void aThousandAddsAndRemovesUnderLoadKeepTheStreamByteExactAndTheApiFast() throws Exception {
    Payload down = Payload.of(17, 256L << 20);
    try (ScriptedBackend backend = new ScriptedBackend(c -> {
          Peers.writeAsyncThenFin(c.socket(), down).await(WAIT);
          c.drain();
        });
         GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy proxy = gw.client.createProxy("stream", "127.0.0.1:0", "127.0.0.1:" + backend.port());
      String[] hp = proxy.getListen().split(":");
      Socket socket = Peers.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), WAIT);
      AtomicBoolean churning = new AtomicBoolean(true);
      CompletableFuture<StreamDigest> received = CompletableFuture.supplyAsync(() -> read(socket, churning));
      long[] nanos = new long[2 * CYCLES];
      int underLoad = 0;
      for (int i = 0; i < CYCLES; i++) {
        long t0 = System.nanoTime();
        assertThat(gw.call("POST", "/proxies/stream/toxics", "{\"name\":\"churn\",\"type\":\"latency\",\"attributes\":{\"latency\":2}}")
          .statusCode()).isEqualTo(200);
        long t1 = System.nanoTime();
        assertThat(gw.call("DELETE", "/proxies/stream/toxics/churn", null).statusCode()).isEqualTo(204);
        long t2 = System.nanoTime();
        nanos[2 * i] = t1 - t0;
        nanos[2 * i + 1] = t2 - t1;
        if (!received.isDone()) {
          underLoad++;
        }
      }
      churning.set(false);
      StreamDigest digest = received.get();
      socket.close();
      Arrays.sort(nanos);
      double p50 = nanos[nanos.length / 2] / 1e6;
      double p99 = nanos[(int) (nanos.length * 0.99)] / 1e6;
      double max = nanos[nanos.length - 1] / 1e6;
      System.out.printf("toxic churn: %d add/remove cycles, %d while the stream flowed; API p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        CYCLES, underLoad, p50, p99, max);
      assertThat(digest).isEqualTo(down.digest());
      assertThat(underLoad).as("cycles while the stream flowed").isGreaterThanOrEqualTo(CYCLES * 9 / 10);
      assertThat(p99).as("API p99, ms (shared 2-core machine; Toxiproxy takes seconds here)").isLessThan(100);
    }
  }
}
