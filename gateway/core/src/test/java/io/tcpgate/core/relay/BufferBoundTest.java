package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.Direction;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.TcpTable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Back-pressure: what the gateway holds for a connection never exceeds the route's buffer-size. */
class BufferBoundTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int BUFFER = 64 * 1024;

  /**
   * Strict on both transports: the client's FIN arrives while the route is paused (the whole upload is
   * sent long before the backend has read it), and native epoll must not read what the kernel holds then.
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
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
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
      assertThat(connection.overflowBytes(Direction.UPSTREAM)).as("bytes read while paused").isZero();
      assertThat(connection.maxQueuedBytes(Direction.UPSTREAM)).as("bytes queued toward the backend")
        .isPositive().isLessThanOrEqualTo(BUFFER);
      System.gc();
      long after = memory.getHeapMemoryUsage().getUsed();
      assertThat(after - baseline).as("heap retained after the transfer").isLessThan(32L << 20);
      assertThat(maxHeap - baseline).as("heap growth during 512 MiB (a buffered stream would need 512 MiB)").isLessThan(256L << 20);
    }
  }

  /**
   * The client's FIN reaches the gateway while reading the client is paused (a {@code test-gate}
   * policy holds the relay after the first chunk), so it stays unread in the kernel; then the backend
   * replies and half-closes, and the gateway's client socket is shut both ways, which epoll reports
   * whatever the interest set. The event loop must not spin on it, and once the gate opens the upload
   * and its FIN reach the backend byte-exact.
   */
  @Test
  void aFinWaitingUnreadWhileThePeerHalfClosesNeitherSpinsTheLoopNorLosesBytes() throws Exception {
    Payload upload = Payload.of(8, 50_000); // more than one read, less than the receive buffer
    Payload reply = Payload.of(9, 10_000);
    CountDownLatch replyNow = new CountDownLatch(1);
    Behaviour replyThenRead = c -> {
      await(replyNow);
      c.write(reply.toByteArray());
      c.sendFin();
      c.drain();
    };
    GatePolicyFactory.shut();
    try (ScriptedBackend backend = new ScriptedBackend(replyThenRead);
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()),
           "    policies: [ { type: test-gate } ]\n").replace("admin:", "native-transport: true\nadmin:"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      Peers.write(client, upload.toByteArray(), WAIT);
      Peers.sendFin(client);
      Await.until("the gateway's kernel acknowledged the client's FIN (client socket in FIN_WAIT2)", WAIT,
        () -> tcpState(client.getLocalPort()) == TcpTable.FIN_WAIT2);
      // the kernel acknowledges the FIN at once; the gateway reads up to its bound when its loop gets to it
      Await.until("reading the client is paused", WAIT, () -> connection.readingPaused(Direction.UPSTREAM));
      assertThat(connection.finReceived(Direction.UPSTREAM)).as("the FIN waits unread in the kernel").isFalse();
      replyNow.countDown();
      assertThat(Peers.readToEof(client, WAIT)).as("the reply, then EOF").isEqualTo(reply.toByteArray());
      Await.until("the gateway's client socket is shut both ways", WAIT, () -> tcpState(client.getLocalPort()) == TcpTable.TIME_WAIT
        || tcpState(client.getLocalPort()) == -1);
      assertEventLoopsIdleForASecond();
      GatePolicyFactory.open();
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.received()).isEqualTo(upload.digest());
      assertThat(seen.ending()).isEqualTo(Ending.EOF);
    }
  }

  /** A client resetting while reading it is paused: the reset reaches the backend and the loop does not spin. */
  @Test
  void aResetWhileReadingIsPausedReachesTheBackendWithoutSpinningTheLoop() throws Exception {
    GatePolicyFactory.shut();
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()),
           "    policies: [ { type: test-gate } ]\n").replace("admin:", "native-transport: true\nadmin:"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      Peers.write(client, Payload.of(10, 50_000).toByteArray(), WAIT);
      Await.until("reading the client is paused", WAIT, () -> connection.readingPaused(Direction.UPSTREAM));
      Peers.sendRst(client);
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.ending()).as("the backend's ending").isEqualTo(Ending.RESET);
      assertEventLoopsIdleForASecond();
    } finally {
      GatePolicyFactory.open();
    }
  }

  private static void assertEventLoopsIdleForASecond() throws InterruptedException {
    long cpuBefore = eventLoopCpuNanos();
    long wallBefore = System.nanoTime();
    Thread.sleep(1000); // a measurement window, not synchronisation
    double busy = (double) (eventLoopCpuNanos() - cpuBefore) / (System.nanoTime() - wallBefore);
    assertThat(busy).as("event-loop CPU share while the connection waits (1.0 = one core spinning)").isLessThan(0.2);
  }

  /** The state of the loopback TCP socket on local port {@code localPort}, or -1. */
  private static int tcpState(int localPort) {
    return TcpTable.loopback(localPort).map(TcpTable.Row::state).orElse(-1);
  }

  /** CPU time used so far by this JVM's Vert.x event-loop threads, ns. */
  private static long eventLoopCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null && t.getThreadName().startsWith("vert.x-eventloop-thread")) {
        sum += Math.max(0, threads.getThreadCpuTime(t.getThreadId()));
      }
    }
    return sum;
  }

  private static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IOException("the test did not release the backend within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException();
    }
  }

}
