package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own orderly close (API {@code DELETE ... ?action=fin}, timeouts, toxics): the bytes it
 * holds are flushed, then FIN; a socket whose flush moves no byte for {@link RelayConnection#DRAIN_MILLIS}
 * is reset instead, and what either peer sends meanwhile is read and dropped.
 */
class OrderlyCloseTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String CONFIG = "    buffer-size: 64k\n";

  /** The backend's socket stays open, unread and unwritten by the script, until the test ends. */
  private static Behaviour holdOpen(CountDownLatch testDone) {
    return c -> testDone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void peersThatTakeNothingAreResetAtTheBoundAndTheirWritesAreNotStalled() throws Exception {
    Payload each = Payload.of(11, 32 << 20); // far more than the kernel buffers and the route's 64 KiB
    CountDownLatch testDone = new CountDownLatch(1);
    try (ScriptedBackend backend = new ScriptedBackend(holdOpen(testDone));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), CONFIG));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      backend.awaitConnections(1, WAIT);
      Socket backendSide = backend.acceptedSockets().get(0);
      PendingWrite up = Peers.writeAsync(client, each);
      PendingWrite down = Peers.writeAsync(backendSide, each);
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      // neither peer reads: the close comes in the same event-loop turn in which the gateway holds bytes
      // for both (the kernel's buffers take no more) and has paused reading both; looked at on the loop,
      // since the kernel still takes a little now and then, which can empty a queue for a moment and
      // would let the flush complete and the close end with a FIN
      AtomicLong closedAt = new AtomicLong();
      Await.until("the close, with bytes held and reading paused both ways", WAIT, () -> Boolean.TRUE.equals(connection.readOnLoop(() -> {
        boolean holding = connection.leg(Side.CLIENT).queuedBytes() > 0 && connection.leg(Side.BACKEND).queuedBytes() > 0
          && connection.readingPaused(Direction.UPSTREAM) && connection.readingPaused(Direction.DOWNSTREAM);
        if (holding) {
          closedAt.set(System.nanoTime());
          connection.close(CloseAction.FIN, CloseCause.ADMIN);
        }
        return holding;
      }).toCompletionStage().toCompletableFuture().join()));

      // what they still send is read and dropped: both uploads complete while the close is under way
      up.await(WAIT);
      down.await(WAIT);
      assertThat(connection.isFinished()).as("finished before the peers' writes completed").isFalse();

      Await.until("the connection ending", WAIT, connection::isFinished);
      long endedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt.get());
      // reset at the first look that finds no byte left since the one before: the kernel may still send a
      // little (window probes into what the peer's kernel frees) early on, so the first or the second
      assertThat(endedAfter).as("ms from the close to its end")
        .isBetween(RelayConnection.DRAIN_MILLIS - 500, 2 * RelayConnection.DRAIN_MILLIS + 3_000);
      // a FIN would have said every byte arrived: each peer gets a reset
      Peers.expectReset(client, WAIT);
      Peers.expectReset(backendSide, WAIT);
      assertThat(connection.closeCause()).isEqualTo(CloseCause.ADMIN);
    } finally {
      testDone.countDown();
    }
  }

  @Test
  void peersThatResetDuringTheDrainEndTheConnectionAtOnce() throws Exception {
    CountDownLatch testDone = new CountDownLatch(1);
    try (ScriptedBackend backend = new ScriptedBackend(holdOpen(testDone));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), CONFIG));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      backend.awaitConnections(1, WAIT);
      Socket backendSide = backend.acceptedSockets().get(0);
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      connection.closeOnLoop(CloseAction.FIN, CloseCause.ADMIN);
      Peers.expectEof(client, WAIT);
      Peers.expectEof(backendSide, WAIT);
      long t0 = System.nanoTime();
      Peers.sendRst(client); // instead of a FIN: the gateway's drain has nothing left to wait for
      Peers.sendRst(backendSide);
      Await.until("the connection ending", WAIT, connection::isFinished);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("ms from the resets to the end")
        .isLessThan(RelayConnection.DRAIN_MILLIS / 2);
    } finally {
      testDone.countDown();
    }
  }

  @Test
  void aPeerThatReadsWithinTheBoundGetsEveryHeldByteThenFin() throws Exception {
    Payload down = Payload.of(12, 8 << 20);
    CountDownLatch testDone = new CountDownLatch(1);
    try (ScriptedBackend backend = new ScriptedBackend(holdOpen(testDone));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), CONFIG));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      backend.awaitConnections(1, WAIT);
      PendingWrite sent = Peers.writeAsync(backend.acceptedSockets().get(0), down);
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      // bytes held for the client, and reading the backend paused (a connection also starts paused, before any byte)
      Await.until("bytes held for the client and reading the backend paused", WAIT,
        () -> connection.maxQueuedBytes(Direction.DOWNSTREAM) > 0 && connection.readingPaused(Direction.DOWNSTREAM));
      connection.closeOnLoop(CloseAction.FIN, CloseCause.ADMIN);
      // the client starts reading only now: every byte the gateway had read from the backend, then the FIN
      byte[] got = Peers.readToEof(client, WAIT);
      sent.await(WAIT); // the rest was read and dropped
      long relayed = connection.bytes(Direction.DOWNSTREAM);
      assertThat(relayed).isPositive().isLessThan(down.length());
      assertThat(got).isEqualTo(Arrays.copyOf(down.toByteArray(), (int) relayed));
    } finally {
      testDone.countDown();
    }
  }

  @Test
  void aPeerThatKeepsReadingSlowlyGetsEveryHeldByteThenFinHoweverLongTheFlushLasts() throws Exception {
    Payload down = Payload.of(13, 8 << 20);
    CountDownLatch testDone = new CountDownLatch(1);
    try (ScriptedBackend backend = new ScriptedBackend(holdOpen(testDone));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), CONFIG));
         Socket client = new Socket()) {
      client.setReceiveBufferSize(4 * 1024); // a small window: what the gateway holds drains only as the client reads
      client.connect(gw.address("r"), (int) WAIT.toMillis());
      backend.awaitConnections(1, WAIT);
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      // and a small kernel buffer on the gateway's side: what it holds for the client is mostly its own queue
      connection.socket(Side.CLIENT).buffers(0, 4 * 1024);
      PendingWrite sent = Peers.writeAsync(backend.acceptedSockets().get(0), down);
      Await.until("the gateway holding most of the route's buffer for the client, reading the backend paused", WAIT,
        () -> connection.maxQueuedBytes(Direction.DOWNSTREAM) > 32 * 1024 && connection.readingPaused(Direction.DOWNSTREAM));
      long t0 = System.nanoTime();
      connection.closeOnLoop(CloseAction.FIN, CloseCause.ADMIN);
      // a slow reader that never stops: under 8 KB/s, against about 50 KiB held
      StreamDigest got = new SlowReader(7_500).readToEof(client, Duration.ofSeconds(40));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      sent.await(WAIT);
      long relayed = connection.bytes(Direction.DOWNSTREAM);
      assertThat(tookMillis).as("ms the client took to read to EOF (longer than the bound, or the test shows nothing)")
        .isGreaterThan(RelayConnection.DRAIN_MILLIS + 1_000);
      assertThat(got).as("every byte the gateway read from the backend").isEqualTo(Payload.of(down.seed(), relayed).digest());
    } finally {
      testDone.countDown();
    }
  }
}
