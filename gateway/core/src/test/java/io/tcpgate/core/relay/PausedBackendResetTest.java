package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A backend that resets while the gateway's reading of it is paused (its client reads nothing): the
 * client gets the backend's bytes, in order and unaltered, then the reset's translation (RST). On the
 * native transport the reset socket is read while paused (epoll reports it hung up), so the client's
 * reset comes within {@link RelayConnection#RESET_FLUSH_MILLIS} even if it never reads; on NIO the reset
 * is seen once the client's reading resumes the backend's.
 */
class PausedBackendResetTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int BUFFER = 64 * 1024;
  /** Far more than the kernel buffers and the route's 64 KiB: the backend is still writing when it resets. */
  private static final Payload DOWNLOAD = Payload.of(41, 8 << 20);

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void aClientThatReadsAfterThePausedBackendResetGetsAPrefixOfItsBytesThenRst(boolean nativeTransport) throws Exception {
    CountDownLatch testDone = new CountDownLatch(1);
    try (ScriptedBackend backend = new ScriptedBackend(holdOpen(testDone));
         EmbeddedGateway gw = EmbeddedGateway.start(config(backend, "127.0.0.1", nativeTransport));
         Socket client = smallWindowClient(gw)) {
      Paused paused = pausedDownload(backend, gw);
      RelayConnection connection = paused.connection();
      Peers.sendRst(paused.backendSide());
      byte[] got = Peers.expectReset(client, WAIT);
      Await.until("the connection ending", WAIT, connection::isFinished);
      long relayed = connection.bytes(Direction.DOWNSTREAM);
      assertThat(relayed).as("bytes read from the backend").isGreaterThan(BUFFER);
      // not every byte read: the RST drops what the gateway's kernel had not sent yet
      assertThat((long) got.length).as("bytes the client got before its reset").isPositive().isLessThanOrEqualTo(relayed);
      assertThat(got).isEqualTo(Arrays.copyOf(DOWNLOAD.toByteArray(), got.length));
      assertThat(connection.closeCause()).isEqualTo(CloseCause.BACKEND_RESET);
    } finally {
      testDone.countDown();
    }
  }

  /**
   * On the native transport, a backend at an IP address (a socket on epoll directly) and one by host
   * name (a Netty channel) alike: the reset backend is read while paused (what its kernel held, then
   * the reset), and the client that reads nothing is reset once the flush of what the gateway holds for
   * it has waited {@link RelayConnection#RESET_FLUSH_MILLIS}; what it then reads is a prefix of the
   * backend's bytes, ended by the RST (which drops what the gateway's kernel had not sent yet).
   */
  @ParameterizedTest(name = "backend host: {0}")
  @ValueSource(strings = {"127.0.0.1", "localhost"})
  void onNativeTransportAClientThatReadsNothingGetsThePausedBackendsResetWithinTheFlushBound(String host) throws Exception {
    CountDownLatch testDone = new CountDownLatch(1);
    try (ScriptedBackend backend = new ScriptedBackend(holdOpen(testDone));
         EmbeddedGateway gw = EmbeddedGateway.start(config(backend, host, true));
         Socket client = smallWindowClient(gw)) {
      assumeTrue(gw.vertx().isNativeTransportEnabled(), "native epoll is not available here");
      Paused paused = pausedDownload(backend, gw);
      RelayConnection connection = paused.connection();
      assertThat(backendSocket(connection)).as("the backend socket")
        .isInstanceOf(host.equals("localhost") ? ChannelLegSocket.class : EpollLegSocket.class);
      long resetAt = System.nanoTime();
      Peers.sendRst(paused.backendSide());
      Await.until("the connection ending without the client reading", WAIT, connection::isFinished);
      long endedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - resetAt);
      assertThat(endedAfter).as("ms from the backend's reset to the connection's end")
        .isBetween(RelayConnection.RESET_FLUSH_MILLIS - 100, RelayConnection.RESET_FLUSH_MILLIS + 4_000);
      assertThat(connection.closeCause()).isEqualTo(CloseCause.BACKEND_RESET);
      assertThat(connection.overflowBytes(Direction.DOWNSTREAM)).as("bytes read from the reset backend while paused")
        .isPositive();
      byte[] got = Peers.expectReset(client, WAIT);
      assertThat((long) got.length).as("bytes the client got before its reset")
        .isPositive().isLessThanOrEqualTo(connection.bytes(Direction.DOWNSTREAM));
      assertThat(got).isEqualTo(Arrays.copyOf(DOWNLOAD.toByteArray(), got.length));
    } finally {
      testDone.countDown();
    }
  }

  private static LegSocket backendSocket(RelayConnection connection) {
    return connection.readOnLoop(() -> connection.leg(Side.BACKEND).socket()).toCompletionStage().toCompletableFuture().join();
  }

  /** Route {@code r} to {@code backend} by {@code backendHost}, with a 64 KiB buffer. */
  private static String config(ScriptedBackend backend, String backendHost, boolean nativeTransport) {
    return Routes.oneRoute("r", List.of(backend.address()), "    buffer-size: 64k\n")
      .replace("\"127.0.0.1:", "\"" + backendHost + ":")
      .replace("admin:", "native-transport: " + nativeTransport + "\nadmin:");
  }

  /** The backend's socket stays open, unread and unwritten by the script, until the test ends. */
  private static Behaviour holdOpen(CountDownLatch testDone) {
    return c -> testDone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * A client with a small receive buffer: with the gateway's small send buffer to it, what the gateway
   * holds for a client that reads nothing stays held (the kernels take no more), so reading the backend
   * stays paused.
   */
  private static Socket smallWindowClient(EmbeddedGateway gw) throws Exception {
    Socket client = new Socket();
    client.setReceiveBufferSize(4 * 1024);
    client.connect(gw.address("r"), (int) WAIT.toMillis());
    return client;
  }

  /** The connection, and the backend's end of it. */
  private record Paused(RelayConnection connection, Socket backendSide) {
  }

  /**
   * The backend writes {@link #DOWNLOAD} (still writing when the test resets it); returns once the
   * gateway holds most of its buffer for the client, who reads nothing, and has paused reading the
   * backend, its send buffer to the client made small.
   */
  private static Paused pausedDownload(ScriptedBackend backend, EmbeddedGateway gw) throws Exception {
    backend.awaitConnections(1, WAIT);
    Socket backendSide = backend.acceptedSockets().get(0);
    Peers.writeAsync(backendSide, DOWNLOAD);
    RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
    connection.socket(Side.CLIENT).buffers(0, 4 * 1024);
    Await.until("the gateway holding most of its buffer for the client, reading the backend paused", WAIT,
      () -> connection.maxQueuedBytes(Direction.DOWNSTREAM) > BUFFER / 2 && connection.readingPaused(Direction.DOWNSTREAM));
    return new Paused(connection, backendSide);
  }
}
