package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.GatewayNode;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.tcpgate.testkit.Sha256Sink;
import io.tcpgate.testkit.StreamDigest;
import io.tcpgate.testkit.UnreachableBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One edit adds, changes and removes routes under 100 live streams; an invalid edit changes nothing. */
class HotReloadTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int STREAMS = 100;

  @TempDir
  Path dir;

  @Test
  void oneEditAddsChangesAndRemovesRoutesWithoutCuttingLiveStreams() throws Exception {
    Path file = dir.resolve("tcpgate.yaml");
    ExecutorService clients = Executors.newFixedThreadPool(STREAMS);
    Vertx vertx = Vertx.vertx();
    try (EchoServer oldBackend = new EchoServer(); EchoServer newBackend = new EchoServer()) {
      write(file, "admin: { host: 127.0.0.1, port: 0 }\nreload: { scan-period: 100ms }\nroutes:\n"
        + route("a", 0, oldBackend) + route("c", 0, oldBackend));
      ConfigLoader loader = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties());
      GatewayConfig config = loader.load(vertx, file).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Gateway gw = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      ConfigWatcher watcher = new ConfigWatcher(gw, loader, file).start(config.reload().scanPeriodMillis());
      InetSocketAddress a = address(gw, "a");
      InetSocketAddress c = address(gw, "c");

      List<Future<Boolean>> streams = new ArrayList<>();
      CountDownLatch firstHalfSent = new CountDownLatch(STREAMS);
      CountDownLatch reloaded = new CountDownLatch(1);
      for (int i = 0; i < STREAMS; i++) {
        Payload p = Payload.of(i, 200_000);
        Socket s = Peers.connect(a, WAIT);
        streams.add(clients.submit(() -> stream(s, p, firstHalfSent, reloaded)));
      }
      oldBackend.awaitConnections(STREAMS, WAIT);
      assertThat(firstHalfSent.await(30, TimeUnit.SECONDS)).as("every stream is half way").isTrue();

      write(file, "admin: { host: 127.0.0.1, port: 0 }\nreload: { scan-period: 100ms }\nroutes:\n"
        + route("a", 0, newBackend) + route("b", 0, newBackend));
      Await.until("the reload to apply", WAIT, () -> gw.reloadStatus().reloads() == 1);
      assertThat(gw.route("a").runtime().stats().live()).as("a's streams are live across the reload").isEqualTo(STREAMS);
      assertThat(gw.route("c")).isNull();
      Await.until("route c to stop listening", WAIT, () -> refused(c));
      echoes(address(gw, "b"));
      int before = newBackend.connectionCount();
      echoes(a);
      assertThat(newBackend.connectionCount()).as("new connections of a reach the new backend").isGreaterThan(before);
      reloaded.countDown();
      for (Future<Boolean> f : streams) {
        assertThat(f.get(60, TimeUnit.SECONDS)).as("a live stream of a is byte-exact to its end").isTrue();
      }
      assertThat(oldBackend.connectionCount()).as("no new connection reached the old backend").isEqualTo(STREAMS);

      String good = Files.readString(file);
      write(file, good.replace("name: b,", "name: b, colour: red,"));
      Await.until("the invalid file to be reported", WAIT, () -> gw.reloadStatus().error() != null);
      assertThat(gw.reloadStatus().error()).contains(file.toString()).contains("route 'b'").contains("colour");
      JsonObject health = new JsonObject(http("http://127.0.0.1:" + gw.adminPort() + "/health"));
      assertThat(health.getJsonObject("config").getString("status")).isEqualTo("INVALID");
      assertThat(health.getJsonObject("config").getString("error")).contains("colour");
      assertThat(gw.routes().keySet()).containsExactly("a", "b");
      echoes(address(gw, "b"));

      try (EchoServer third = new EchoServer()) {
        write(file, good + route("d", 0, third));
        Await.until("the next valid edit to apply", WAIT, () -> gw.reloadStatus().reloads() == 2);
        assertThat(gw.reloadStatus().error()).isNull();
        echoes(address(gw, "d"));
        third.awaitConnections(1, WAIT);
      }
      watcher.close();
      gw.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      clients.shutdownNow();
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChangedListenAddressRebindsAndLeavesLiveConnectionsAlone() throws Exception {
    Path file = dir.resolve("moving.yaml");
    Vertx vertx = Vertx.vertx();
    try (EchoServer backend = new EchoServer()) {
      int first = freePort();
      int second = freePort();
      write(file, "admin: { enabled: false }\nroutes:\n" + route("m", first, backend));
      ConfigLoader loader = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties());
      Gateway gw = Gateway.start(vertx, loader.load(vertx, file).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      ConfigWatcher watcher = new ConfigWatcher(gw, loader, file).start(100);
      try (Socket live = Peers.connect(new InetSocketAddress("127.0.0.1", first), WAIT)) {
        echoes(live);
        write(file, "admin: { enabled: false }\nroutes:\n" + route("m", second, backend));
        Await.until("the reload to apply", WAIT, () -> gw.reloadStatus().reloads() == 1);
        echoes(new InetSocketAddress("127.0.0.1", second));
        Await.until("the old address to stop accepting", WAIT, () -> refused(new InetSocketAddress("127.0.0.1", first)));
        echoes(live);
        Await.until("only the moved route's first connection to be live", WAIT, () -> gw.route("m").runtime().stats().live() == 1);
      }
      watcher.close();
      gw.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aFileRouteWaitingForARuntimeRouteOfItsNameAppliesOnceThatRouteIsDeleted() throws Exception {
    Path file = dir.resolve("waiting.yaml");
    Vertx vertx = Vertx.vertx();
    try (EchoServer runtimeBackend = new EchoServer(); EchoServer fileBackend = new EchoServer()) {
      write(file, "admin: { enabled: false }\nroutes:\n" + route("base", 0, fileBackend));
      PolicyRegistry registry = PolicyRegistry.load();
      ConfigLoader loader = new ConfigLoader(registry, Map.of(), new Properties());
      Gateway gw = GatewayNode.start(vertx, loader.load(vertx, file).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS), registry)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      ConfigWatcher watcher = new ConfigWatcher(gw, loader, file).start(100);
      gw.runtimeState().createRoute(new JsonObject().put("name", "x").put("listen", "127.0.0.1:0")
        .put("backends", new JsonArray().add("127.0.0.1:" + runtimeBackend.port())))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      int port = freePort();
      write(file, "admin: { enabled: false }\nroutes:\n" + route("base", 0, fileBackend) + route("x", port, fileBackend));
      Await.until("the reload to apply", WAIT, () -> gw.reloadStatus().reloads() == 1);
      assertThat(gw.route("x").runtime().config().backends().get(0).port()).as("the runtime route wins").isEqualTo(runtimeBackend.port());
      assertThat(gw.reloadStatus().toJson().encode()).contains("route 'x': not applied");

      gw.runtimeState().deleteRoute("x").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Await.until("the file's route x to listen on its port", WAIT,
        () -> gw.route("x") != null && gw.route("x").boundAddress().port() == port);
      assertThat(gw.route("x").runtime().config().backends().get(0).port()).isEqualTo(fileBackend.port());
      echoes(new InetSocketAddress("127.0.0.1", port));
      assertThat(gw.reloadStatus().toJson().encode()).doesNotContain("not applied");
      watcher.close();
      gw.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChangedMaxFailsAppliesToNewConnects() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends(); EchoServer up = new EchoServer()) {
      InetSocketAddress refused = down.refused();
      try (EmbeddedGateway gw = EmbeddedGateway.start(failing(refused, up, 0))) {
        Gateway g = gw.gateway();
        echoes(gw.address("r"));
        echoes(gw.address("r")); // round robin: one of the two tried the refused backend first
        assertThat(g.route("r").runtime().stats().connectFailures()).isZero();
        assertThat(g.route("r").runtime().backends().triedLast()).as("max-fails 0: never tried last").isEmpty();

        ReloadResult result = g.reload(new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).parse(failing(refused, up, 1), "edited"))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(result.changed()).containsExactly("r");
        echoes(gw.address("r"));
        echoes(gw.address("r"));
        assertThat(g.route("r").runtime().backends().triedLast()).as("max-fails 1 after the reload")
          .extracting(a -> a.port()).containsExactly(refused.getPort());
      }
    }
  }

  /** Route r to a refused backend and an echo, with this {@code max-fails}. */
  private static JsonObject failing(InetSocketAddress refused, EchoServer up, int maxFails) {
    return new JsonObject().put("admin", new JsonObject().put("enabled", false)).put("routes", new JsonArray()
      .add(new JsonObject().put("name", "r").put("listen", "127.0.0.1:0").put("max-fails", maxFails)
        .put("backends", new JsonArray().add("127.0.0.1:" + refused.getPort()).add("127.0.0.1:" + up.port()))));
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static void echoes(Socket s) throws Exception {
    Peers.write(s, "ping".getBytes(), WAIT);
    assertThat(new String(Peers.readExactly(s, 4, WAIT))).isEqualTo("ping");
  }

  private static String route(String name, int port, EchoServer backend) {
    return "  - { name: " + name + ", listen: \"127.0.0.1:" + port + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
  }

  /** Writes the whole file at once (rename), as an editor or a config tool does. */
  private static void write(Path file, String text) throws Exception {
    Path tmp = Files.createTempFile(file.getParent(), "edit", ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static InetSocketAddress address(Gateway gw, String route) {
    Gateway.RunningRoute r = gw.route(route);
    assertThat(r).as("route " + route + " runs").isNotNull();
    return new InetSocketAddress(r.boundAddress().host(), r.boundAddress().port());
  }

  /**
   * Sends the first half of {@code p}, waits until the reload is done, sends the rest, then FIN; true
   * when the echo is byte-exact.
   */
  private static boolean stream(Socket s, Payload p, CountDownLatch firstHalfSent, CountDownLatch reloaded) throws Exception {
    try (s) {
      Future<StreamDigest> echo = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "echo-reader");
        t.setDaemon(true);
        return t;
      }).submit(() -> Sha256Sink.drain(s, WAIT));
      byte[] all = p.toByteArray();
      OutputStream out = s.getOutputStream();
      int half = all.length / 2;
      out.write(all, 0, half);
      out.flush();
      firstHalfSent.countDown();
      if (!reloaded.await(60, TimeUnit.SECONDS)) {
        return false;
      }
      out.write(all, half, all.length - half);
      out.flush();
      Peers.sendFin(s);
      return echo.get(60, TimeUnit.SECONDS).equals(p.digest());
    }
  }

  private static void echoes(InetSocketAddress address) throws Exception {
    try (Socket s = Peers.connect(address, WAIT)) {
      Peers.write(s, "ping".getBytes(), WAIT);
      assertThat(new String(Peers.readExactly(s, 4, WAIT))).isEqualTo("ping");
    }
  }

  private static boolean refused(InetSocketAddress address) {
    try {
      PortChecks.assertNotListening(address);
      return true;
    } catch (Throwable stillListening) {
      return false;
    }
  }

  private static String http(String url) throws Exception {
    var client = HttpClient.newHttpClient();
    var response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
      HttpResponse.BodyHandlers.ofString());
    return response.body();
  }
}
