package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.Direction;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.ScriptedBackend;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Back-pressure: what the gateway holds for a connection never exceeds the route's buffer-size. */
class BufferBoundTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int BUFFER = 64 * 1024;

  /**
   * With NIO the bound is strict. With native epoll, once the client's FIN arrives Netty reads what the
   * kernel already holds in one go; those bytes are counted apart and bounded by the receive buffer.
   */
  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void uploadingHalfAGibibyteToASlowBackendNeverQueuesMoreThanTheHighWaterMarkAndHeapStaysFlat(boolean nativeTransport) throws Exception {
    Payload upload = Payload.of(7, 512L << 20);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.slowReader(300L << 20));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), "    buffer-size: 64k\n").replace("admin:", "native-transport: " + nativeTransport + "\nadmin:"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      System.gc();
      long baseline = memory.getHeapMemoryUsage().getUsed();
      PendingWrite w = Peers.writeAsyncThenFin(client, upload);
      RelayConnection connection = awaitConnection(gw);
      long maxHeap = baseline;
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!w.isDone() && System.nanoTime() < deadline) {
        maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
        Thread.sleep(50); // sampling interval, not synchronisation
      }
      w.await(WAIT);
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.received()).isEqualTo(upload.digest());
      assertThat(seen.ending()).isEqualTo(Ending.EOF);
      long overflow = connection.overflowBytes(Direction.UPSTREAM);
      if (nativeTransport) {
        assertThat(overflow).as("bytes read after the FIN while paused").isLessThanOrEqualTo(receiveBufferMax());
      } else {
        assertThat(overflow).as("NIO never reads while paused").isZero();
      }
      assertThat(connection.maxQueuedBytes(Direction.UPSTREAM)).as("bytes queued toward the backend")
        .isPositive().isLessThanOrEqualTo(BUFFER + overflow);
      System.gc();
      long after = memory.getHeapMemoryUsage().getUsed();
      assertThat(after - baseline).as("heap retained after the transfer").isLessThan(32L << 20);
      assertThat(maxHeap - baseline).as("heap growth during 512 MiB (a buffered stream would need 512 MiB)").isLessThan(256L << 20);
    }
  }

  /** The kernel's largest TCP receive buffer (third field of net.ipv4.tcp_rmem), bytes. */
  private static long receiveBufferMax() throws java.io.IOException {
    String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_rmem")).get(0).trim().split("\\s+");
    return Long.parseLong(f[2]);
  }

  private static RelayConnection awaitConnection(EmbeddedGateway gw) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (RelayConnection c : gw.gateway().route("r").runtime().connections()) {
        return c;
      }
      Thread.sleep(5); // polling interval, bounded by the deadline
    }
    throw new AssertionError("no live connection on route r within " + WAIT);
  }
}
