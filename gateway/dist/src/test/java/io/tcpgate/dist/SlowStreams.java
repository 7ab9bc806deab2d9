package io.tcpgate.dist;

import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Connections that read what comes to their end at a set rate, each on a thread of its own, for a stop to drain. */
final class SlowStreams {
  private SlowStreams() {
  }

  /**
   * Opens {@code n} connections to {@code address}, each read to EOF at {@code bytesPerSecond} on one of
   * {@code readers}' threads (give it {@code n}: every reader reads at once); each future is what its
   * connection got. Returns once each connection has received its first bytes (or ended): the gateway
   * relays every one of them, so a stop that follows finds each among its live connections. (Counting the
   * backend's connections proves less: it also counts those of earlier probes, and a client whose accept
   * has not run when a stop begins is reset.)
   */
  static List<CompletableFuture<StreamDigest>> open(InetSocketAddress address, int n, long bytesPerSecond, ExecutorService readers,
      Duration wait) throws Exception {
    List<CompletableFuture<StreamDigest>> streams = new ArrayList<>();
    List<CompletableFuture<Void>> relaying = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket c = Peers.connect(address, wait);
      CompletableFuture<Void> firstBytes = new CompletableFuture<>();
      CompletableFuture<StreamDigest> stream = CompletableFuture.supplyAsync(() -> {
        try (c) {
          return new SlowReader(bytesPerSecond).readToEof(c, wait, () -> firstBytes.complete(null));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }, readers);
      stream.whenComplete((digest, failure) -> firstBytes.complete(null));
      streams.add(stream);
      relaying.add(firstBytes);
    }
    CompletableFuture.allOf(relaying.toArray(CompletableFuture[]::new)).get(wait.toMillis(), TimeUnit.MILLISECONDS);
    return streams;
  }
}
