package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A graceful stop refuses new clients at once, lets live streams finish, and ends the rest at the deadline. */
class GracefulStopTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static String route(InetSocketAddress backend) {
    return "admin: { enabled: false }\nroutes:\n  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.getPort() + "\" ] }\n";
  }

  @Test
  void fiftyLiveStreamsCompleteByteExactWhileNewClientsAreRefused() throws Exception {
    Payload down = Payload.of(3, 1_200_000);
    ExecutorService clients = Executors.newFixedThreadPool(50);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(down.toByteArray()));
         EmbeddedGateway gw = EmbeddedGateway.start(route(backend.address()))) {
      InetSocketAddress address = gw.address("r");
      List<Future<StreamDigest>> streams = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        Socket c = Peers.connect(address, WAIT);
        streams.add(clients.submit(() -> {
          try (c) {
            return new SlowReader(1_000_000).readToEof(c, WAIT); // ~1.2 s per stream
          }
        }));
      }
      backend.awaitConnections(50, WAIT);
      long t0 = System.nanoTime();
      io.vertx.core.Future<Void> stopped = gw.gateway().stop(10_000, CloseAction.RST);
      PortChecks.waitUntilRefused(address, WAIT);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until new clients are refused (about 50 on a quiet machine)").isLessThan(3_000);
      for (Future<StreamDigest> s : streams) {
        assertThat(s.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(down.digest());
      }
      stopped.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until stopped: streams took ~1.2 s, the deadline is 10 s").isLessThan(6_000);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void connectionsStillOpenAtTheDeadlineAreClosedWithTheConfiguredAction() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen(WAIT));
         EmbeddedGateway gw = EmbeddedGateway.start(route(backend.address()))) {
      InetSocketAddress address = gw.address("r");
      Socket finClient = Peers.connect(address, WAIT);
      backend.awaitConnections(1, WAIT);
      long t0 = System.nanoTime();
      io.vertx.core.Future<Void> stopped = gw.gateway().stop(600, CloseAction.FIN);
      Peers.expectEof(finClient, WAIT);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("EOF at the 600 ms deadline").isBetween(550L, 1_600L);
      stopped.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThatThrownBy(() -> Peers.connect(address, Duration.ofSeconds(1))).isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void aStopDuringTheDrainResetsEveryConnectionLeft() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen(WAIT));
         EmbeddedGateway gw = EmbeddedGateway.start(route(backend.address()));
         Socket held = Peers.connect(gw.address("r"), WAIT)) {
      backend.awaitConnections(1, WAIT);
      io.vertx.core.Future<Void> draining = gw.gateway().stop(60_000, CloseAction.FIN);
      gw.gateway().stop().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Peers.expectReset(held, WAIT);
      draining.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void aStoppingGatewayOpensNoListenerAgainWhenTheRuntimeStateChanges() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen(WAIT));
         EmbeddedGateway gw = EmbeddedGateway.start(route(backend.address()).replace("127.0.0.1:0", "127.0.0.1:" + FreePorts.freePort()))) {
      InetSocketAddress address = gw.address("r"); // a fixed port: a listener opened again would be on it
      try (Socket held = Peers.connect(address, WAIT)) {
        backend.awaitConnections(1, WAIT);
        io.vertx.core.Future<Void> stopped = gw.gateway().stop(5_000, CloseAction.FIN);
        PortChecks.waitUntilRefused(address, WAIT);
        // a change to the route's runtime state (as another node of a cluster makes it) while this one drains
        for (boolean enabled : new boolean[] {false, true}) {
          gw.gateway().runtimeState().setEnabled("r", enabled).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        for (int i = 0; i < 10; i++) { // a bounded watch: before, the listener was back within milliseconds
          assertThatThrownBy(() -> Peers.connect(address, Duration.ofSeconds(1))).as("the stopping route stays closed")
            .isInstanceOf(ConnectException.class);
          Thread.sleep(100); // the interval of the watch
        }
        assertThat(stopped.isComplete()).as("still draining the held connection").isFalse();
      }
    }
  }
}
