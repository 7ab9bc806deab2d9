package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.TcpTable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client the listener took just before a stop closed it, but whose accept ran on its event loop only
 * after the stop's drain had found no connection, is reset, as the kernel resets one left in a closed
 * listener's queue: it was relayed on, past the stop, until the process ended.
 */
class LateAcceptTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aClientWhoseAcceptRunsAfterTheStopsDrainIsResetNotRelayed() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { enabled: false }\nevent-loops: 2\nroutes:\n"
           + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n")) {
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
          stopped.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
      } finally {
        release.countDown();
      }
    }
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
