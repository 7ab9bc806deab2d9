package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.relay.RelayConnection;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.Direction;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import io.vertx.core.Promise;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

  /**
   * A graceful stop and a stop with RST called from two threads at once (a second stop signal, an
   * embedding program): the held connection is reset, the admin API closes, each {@link Gateway#afterStop}
   * step runs once, and neither stop completes before the last step ended (it takes 300 ms, as leaving a
   * cluster takes a while).
   */
  @Test
  void twoStopsAtOnceRunEachCleanupStepOnceAndBothCompleteOnlyWhenItIsDone() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen(WAIT));
         EmbeddedGateway gw = EmbeddedGateway.start(route(backend.address()).replace("enabled: false", "host: 127.0.0.1, port: 0"));
         Socket held = Peers.connect(gw.address("r"), WAIT)) {
      backend.awaitConnections(1, WAIT);
      Gateway g = gw.gateway();
      InetSocketAddress admin = new InetSocketAddress("127.0.0.1", g.adminPort());
      AtomicInteger slowRuns = new AtomicInteger();
      AtomicInteger quickRuns = new AtomicInteger();
      AtomicBoolean stepsEnded = new AtomicBoolean();
      g.afterStop(() -> { // registered first of the two: runs last
        slowRuns.incrementAndGet();
        Promise<Void> ended = Promise.promise();
        gw.vertx().setTimer(300, id -> {
          stepsEnded.set(true);
          ended.complete();
        });
        return ended.future();
      });
      g.afterStop(() -> {
        quickRuns.incrementAndGet();
        return io.vertx.core.Future.succeededFuture();
      });
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<Boolean>> stops = new ArrayList<>();
      for (boolean graceful : new boolean[] {true, false}) {
        stops.add(threads.submit(() -> {
          together.await(WAIT.toSeconds(), TimeUnit.SECONDS);
          io.vertx.core.Future<Void> stop = graceful ? g.stop(60_000, CloseAction.FIN) : g.stop();
          // whether the steps had ended when this stop completed
          return stop.map(v -> stepsEnded.get()).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }));
      }
      Peers.expectReset(held, WAIT);
      for (Future<Boolean> stop : stops) {
        assertThat(stop.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the cleanup steps had ended when a stop completed").isTrue();
      }
      assertThat(List.of(quickRuns.get(), slowRuns.get())).as("runs of each cleanup step").containsExactly(1, 1);
      assertThatThrownBy(() -> Peers.connect(admin, Duration.ofSeconds(1))).as("the admin API is closed").isInstanceOf(ConnectException.class);
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * A FIN at the deadline comes after every byte the gateway read for that client, however slowly the
   * client takes them within the 5 s flush bound: the stop, and closing Vert.x after it as the process
   * does, waits for that.
   */
  @Test
  void aFinAtTheDeadlineComesAfterEveryByteTheGatewayHeldForASlowClient() throws Exception {
    slowClientAtAFinDeadline(true);
  }

  /** A client that takes nothing within the flush bound gets a RST, never a FIN after bytes dropped. */
  @Test
  void aClientThatTakesNothingWithinTheFlushBoundIsResetAtAFinDeadline() throws Exception {
    slowClientAtAFinDeadline(false);
  }

  private static void slowClientAtAFinDeadline(boolean readsInTime) throws Exception {
    Payload down = Payload.of(4, 16_000_000);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.speakFirst(down.toByteArray(), Behaviour.holdOpen(WAIT)))) {
      EmbeddedGateway gw = EmbeddedGateway.start(route(backend.address()));
      io.vertx.core.Future<Void> closed = null;
      try (Socket client = new Socket()) {
        client.setReceiveBufferSize(16 * 1024); // a small window: the gateway holds what the kernel cannot take
        client.connect(gw.address("r"), (int) WAIT.toMillis());
        backend.awaitConnections(1, WAIT);
        RelayConnection c = gw.gateway().route("r").runtime().connections().iterator().next();
        Await.until("bytes held for the client, which reads nothing yet", WAIT, () -> c.bytes(Direction.DOWNSTREAM) > 0);
        closed = gw.gateway().stop(300, CloseAction.FIN).eventually(gw.vertx()::close);
        if (!readsInTime) {
          closed.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
          Peers.expectReset(client, WAIT);
          return;
        }
        try { // the client starts reading once the process would have closed Vert.x, or 2 s later
          closed.toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (TimeoutException stillFlushing) {
          // reads now, within the flush bound
        }
        byte[] got = Peers.readToEof(client, WAIT);
        assertThat((long) got.length).as("every byte the gateway read, then FIN").isEqualTo(c.bytes(Direction.DOWNSTREAM));
        assertThat(Arrays.equals(got, Arrays.copyOf(down.toByteArray(), got.length))).isTrue();
        closed.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      } finally {
        if (closed == null) {
          gw.close();
        }
      }
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
