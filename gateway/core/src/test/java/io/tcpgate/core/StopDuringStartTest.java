package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.state.LocalStateStore;
import io.tcpgate.core.state.SharedRuntimeState;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stop leaves nothing of the gateway listening however it overlaps the start: what the start opens
 * after the stop began (builtin backends, routes, the admin API) is closed again, or not opened at all.
 */
class StopDuringStartTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aStopThatCompletedBeforeTheStartReachedItsServersLeavesTheAdminApiAndBuiltinBackendsNotListening() throws Exception {
    InetSocketAddress admin = loopback(FreePorts.freePort());
    InetSocketAddress echo = loopback(FreePorts.freePort());
    GatewayConfig config = parse("admin: { host: 127.0.0.1, port: " + admin.getPort() + " }\n"
      + "builtin-backends: [ { type: echo, listen: \"127.0.0.1:" + echo.getPort() + "\" } ]\nroutes: []\n");
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Future<Void>> stopped = new CompletableFuture<>();
      // the start goes on once a stop has completed: it had nothing to wait for yet
      Future<Gateway> started = Gateway.start(vertx, config, g -> {
        Future<Void> stop = g.stop();
        stopped.complete(stop);
        return stop;
      });
      Throwable failed = failure(started);
      await(stopped.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      PortChecks.assertNotListening(echo);
      PortChecks.assertNotListening(admin);
      assertThat(failed).as("why the start after the stop failed").hasMessageContaining(": the gateway is stopping");
    } finally {
      await(vertx.close());
    }
  }

  /**
   * The start holds a route the runtime state disabled (it opens no listener) while a stop begins; the stop
   * completes once that route's start ended, and the start then must not go on to the admin API.
   */
  @Test
  void aStopDuringTheStartOfARouteThatDoesNotListenLeavesTheAdminApiNotListeningAndTheRouteUnrecorded() throws Exception {
    InetSocketAddress admin = loopback(FreePorts.freePort());
    ExecutorService starter = Executors.newSingleThreadExecutor();
    Vertx vertx = Vertx.vertx();
    try (EchoServer backend = new EchoServer()) {
      GatewayConfig config = parse("admin: { host: 127.0.0.1, port: " + admin.getPort() + " }\nroutes:\n"
        + "  - { name: idle, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
      LocalStateStore store = new LocalStateStore();
      store.update("idle", s -> s.withEnabled(false, "test"));
      HeldRouteStarts hold = HeldRouteStarts.all();
      CompletableFuture<Gateway> gateway = new CompletableFuture<>();
      java.util.concurrent.Future<Future<Gateway>> starting = starter.submit(() -> Gateway.start(vertx, config, g -> {
        gateway.complete(g);
        return SharedRuntimeState.attach(g, store, PolicyRegistry.load()).onSuccess(s -> {
          g.runtimeState(s);
          g.beforeListening(hold);
        });
      }));
      Gateway g = gateway.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      hold.awaitHeld();
      Future<Void> stopped = g.stop();
      hold.release();
      Future<Gateway> started = starting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Throwable failed = failure(started);
      await(stopped);
      PortChecks.assertNotListening(admin);
      assertThat(g.routes()).as("routes once the stop completed").isEmpty();
      assertThat(failed).as("why the start after the stop failed").hasMessageContaining(": the gateway is stopping");
    } finally {
      starter.shutdownNow();
      await(vertx.close());
    }
  }

  /**
   * A reset stop (a second stop signal's) while the start is held after its first route listens: the client
   * that route relays gets a RST at once, without waiting for the start under way; once the stop completes
   * no route listens (the held one closed again) and the start failed. The start runs on a worker context,
   * so that holding it holds no event loop a client is relayed on.
   */
  @Test
  void aResetStopDuringTheStartResetsTheClientsARouteRelaysAtOnceAndLeavesNoRouteListening() throws Exception {
    List<Integer> ports = FreePorts.distinctFreePorts("127.0.0.1", 2);
    InetSocketAddress first = loopback(ports.get(0));
    InetSocketAddress held = loopback(ports.get(1));
    Vertx vertx = Vertx.vertx();
    try (EchoServer backend = new EchoServer()) {
      GatewayConfig config = parse("admin: { enabled: false }\nroutes:\n"
        + "  - { name: first, listen: \"127.0.0.1:" + first.getPort() + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n"
        + "  - { name: held, listen: \"127.0.0.1:" + held.getPort() + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
      HeldRouteStarts hold = HeldRouteStarts.all();
      CompletableFuture<Gateway> gateway = new CompletableFuture<>();
      CompletableFuture<Future<Gateway>> starting = new CompletableFuture<>();
      vertx.deployVerticle(() -> new VerticleBase() {
        @Override
        public Future<?> start() {
          starting.complete(Gateway.start(vertx, config, g -> {
            gateway.complete(g);
            g.beforeListening(r -> {
              if (r.name().equals("held")) {
                hold.accept(r);
              }
            });
            return Future.succeededFuture();
          }));
          return Future.succeededFuture();
        }
      }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
      Gateway g = gateway.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      hold.awaitHeld();
      try (Socket client = Peers.connect(first, WAIT)) {
        byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
        Peers.write(client, ping, WAIT);
        assertThat(Peers.readExactly(client, ping.length, WAIT)).as("echoed through the first route").isEqualTo(ping);
        Future<Void> stopped = g.stop();
        Peers.expectReset(client, WAIT);
        hold.release();
        Throwable failed = failure(starting.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        await(stopped);
        PortChecks.assertNotListening(first);
        PortChecks.assertNotListening(held);
        assertThat(g.routes()).as("routes once the stop completed").isEmpty();
        assertThat(failed).as("why the start failed").hasMessageContaining(": the gateway is stopping");
      }
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void aRouteSetUpNotListeningWhileAStopCompletesIsNotRecorded() throws Exception {
    ExecutorService adder = Executors.newSingleThreadExecutor();
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(parse("admin: { enabled: false }\nroutes: []\n"))) {
      Gateway g = gw.gateway();
      RouteConfig late = parse("admin: { enabled: false }\nroutes:\n"
        + "  - { name: late, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n").routes().get(0);
      HeldRouteStarts hold = HeldRouteStarts.all();
      g.beforeListening(hold); // runs once the route's runtime exists, before the route is recorded
      java.util.concurrent.Future<?> added = adder.submit(() -> g.addNotListening(late));
      hold.awaitHeld();
      await(g.stop());
      hold.release();
      added.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(g.routes()).as("routes once the stop completed").isEmpty();
    } finally {
      adder.shutdownNow();
    }
  }

  /**
   * A stop that begins while the node's member starts and joins its cluster (a second stop signal during the
   * start) waits for it, and the member leaves before the stop completes: it was left running, a member of
   * the cluster that no stop would ever take out again. The member's threads show its start under way (it
   * takes a second or more: the join alone waits up to {@code join-timeout}, 1 s, for the members listed).
   */
  @Test
  void aStopDuringTheClusterJoinWaitsForItAndTheMemberLeavesBeforeTheStopCompletes() throws Exception {
    String host = "127.0.0.1";
    int clusterPort = FreePorts.freePort();
    String member = "tcpgate-" + host + "-" + clusterPort; // the Hazelcast instance's name (ClusterNode)
    GatewayConfig config = parse("admin: { enabled: false }\nroutes: []\ncluster: { enabled: true, name: test-" + UUID.randomUUID()
      + ", host: " + host + ", port: " + clusterPort + ", members: [ \"" + host + ":" + clusterPort + "\" ] }\n");
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Gateway> created = new CompletableFuture<>();
      Future<Gateway> started = GatewayNode.start(vertx, config, PolicyRegistry.load(), created::complete);
      Gateway g = created.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      Await.until("the member's threads (its start under way)", WAIT, () -> Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith("hz." + member + ".")));
      assertThat(started.isComplete()).as("the start done").isFalse();
      await(g.stop());
      assertThat(Hazelcast.getHazelcastInstanceByName(member)).as("the member once the stop completed").isNull();
      assertThat(failure(started)).as("why the start failed").hasMessageContaining(": the gateway is stopping");
    } finally {
      HazelcastInstance left = Hazelcast.getHazelcastInstanceByName(member);
      if (left != null) {
        left.getLifecycleService().terminate();
      }
      await(vertx.close());
    }
  }

  private static GatewayConfig parse(String yaml) throws Exception {
    return new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).parse(Yaml.parse(yaml), "test config");
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** Waits for {@code f} to complete; why it failed, or null when it succeeded. */
  private static Throwable failure(Future<?> f) throws Exception {
    return await(f.transform(ar -> Future.succeededFuture(ar.cause())));
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
