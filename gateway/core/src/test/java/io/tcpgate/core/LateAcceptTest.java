package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.route.RouteStats;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.TcpTable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client the listener took just before a stop closed it, but whose accept ran on its event loop only
 * after the stop's drain had found no connection, is reset, as the kernel resets one left in a closed
 * listener's queue: it was relayed on, past the stop, until the process ended. One taken just before a
 * disable closed the listener, whose accept ran after the disable closed the live connections, is closed
 * as they are: it was relayed on while the route showed disabled.
 */
class LateAcceptTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aClientWhoseAcceptRunsAfterTheStopsDrainIsResetNotRelayed() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = oneRouteTo(echo)) {
      InetSocketAddress address = gw.address("r");
      CountDownLatch release = new CountDownLatch(1);
      try {
        holdEveryEventLoop(gw, release);
        try (Socket client = Peers.connect(address, WAIT)) {
          // the acceptor thread took it from the kernel; its accept waits behind the held event loops
          Await.until("the listener's accept queue to empty", WAIT, () -> acceptQueueLength(address.getPort()) == 0);
          Future<Void> stopped = gw.gateway().stop(); // its drain finds no connection
          release.countDown();
          Peers.expectReset(client, WAIT);
          await(stopped);
        }
      } finally {
        release.countDown();
      }
    }
  }

  @Test
  void aClientWhoseAcceptRunsAfterADisableGetsItsFinAndTheRouteEnabledAgainRelays() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = oneRouteTo(echo)) {
      InetSocketAddress address = gw.address("r");
      RouteStats stats = gw.gateway().route("r").runtime().stats();
      CountDownLatch release = new CountDownLatch(1);
      try {
        holdEveryEventLoop(gw, release);
        try (Socket client = Peers.connect(address, WAIT)) {
          // the acceptor thread took it from the kernel; its accept waits behind the held event loops
          Await.until("the listener's accept queue to empty", WAIT, () -> acceptQueueLength(address.getPort()) == 0);
          Future<?> disabled = gw.gateway().listeners().setEnabled("r", false); // its closeAll finds no connection
          release.countDown();
          Peers.expectEof(client, WAIT);
          await(disabled);
        }
      } finally {
        release.countDown();
      }
      Await.until("the late client closed, counted as the disable's", WAIT,
        () -> stats.live() == 0 && stats.closes(CloseCause.ADMIN) == 1);
      await(gw.gateway().listeners().setEnabled("r", true));
      try (Socket client = Peers.connect(gw.address("r"), WAIT)) {
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        Peers.write(client, ping, WAIT);
        assertThat(Peers.readExactly(client, ping.length, WAIT)).as("relayed by the listener the enable made").isEqualTo(ping);
      }
    }
  }

  /** A gateway with two event loops and one route, {@code r}, to {@code echo}. */
  private static EmbeddedGateway oneRouteTo(EchoServer echo) throws Exception {
    return EmbeddedGateway.start("admin: { enabled: false }\nevent-loops: 2\nroutes:\n"
      + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Blocks each of the gateway's event loops in a task until {@code release}; returns once all are held. */
  private static void holdEveryEventLoop(EmbeddedGateway gw, CountDownLatch release) {
    int loops = gw.gateway().eventLoops();
    Set<Thread> held = ConcurrentHashMap.newKeySet();
    // each instance gets the next event loop in turn: twice as many reach every loop
    gw.vertx().deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() throws InterruptedException {
        held.add(Thread.currentThread());
        release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(2 * loops));
    Await.until("every event loop held", WAIT, () -> held.size() == loops);
  }

  /** Clients the kernel completed and no one accepted yet, on the loopback listener of {@code port}. */
  private static int acceptQueueLength(int port) {
    TcpTable.Row listener = TcpTable.loopback(port).orElseThrow(() -> new AssertionError("no listener on 127.0.0.1:" + port));
    assertThat(listener.state()).as("the socket on 127.0.0.1:" + port).isEqualTo(TcpTable.LISTEN);
    return listener.receiveQueue();
  }
}
