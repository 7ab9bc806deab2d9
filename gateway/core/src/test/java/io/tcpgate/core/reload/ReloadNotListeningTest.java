package io.tcpgate.core.reload;

import static io.tcpgate.core.reload.ReloadOrderTest.doc;
import static io.tcpgate.core.reload.ReloadOrderTest.echoesVia;
import static io.tcpgate.core.reload.ReloadOrderTest.reload;
import static io.tcpgate.core.reload.ReloadOrderTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route of the file that a reload cannot make listen is not ready, named with its address, and tried
 * again until it listens; the reload's warning about it in {@code /health} lasts as long.
 */
class ReloadNotListeningTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aRouteAddedOnATakenAddressIsNotReadyAndListensOnceTheAddressIsFree() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(withAdmin(doc(route("a", "127.0.0.1:0", one))))) {
      Gateway g = gw.gateway();
      ServerSocket taken = taken();
      int port = taken.getLocalPort();
      try (taken) {
        ReloadResult r = reload(gw, withAdmin(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + port, two))));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("route 'n'").contains("127.0.0.1:" + port));
        HttpResponse<String> ready = admin(g, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("route 'n'").contains("127.0.0.1:" + port);
      }
      Await.until("n to listen once its address is free (tried again every 1-30 s)", WAIT,
        () -> g.route("n") != null && g.route("n").enabled());
      echoesVia(port, two);
      Await.until("ready once every route listens", WAIT, () -> status(g) == 200);
    }
  }

  @Test
  void aRouteMovedToATakenAddressGetsItsOtherChangesKeepsItsOldAddressAndMovesOnceTheNewOneIsFree() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(withAdmin(doc(route("a", "127.0.0.1:0", one))))) {
      Gateway g = gw.gateway();
      int old = g.route("a").boundAddress().port();
      ServerSocket taken = taken();
      int port = taken.getLocalPort();
      try (taken) {
        ReloadResult r = reload(gw, withAdmin(doc(route("a", "127.0.0.1:" + port, two))));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("route 'a'").contains("127.0.0.1:" + port));
        echoesVia(old, two); // the new backend, on the address it still listens on
        HttpResponse<String> ready = admin(g, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("route 'a'").contains("127.0.0.1:" + port);
      }
      Await.until("a to move once its new address is free", WAIT, () -> g.route("a").boundAddress().port() == port);
      echoesVia(port, two);
      Await.until("ready once every route listens where the file says", WAIT, () -> status(g) == 200);
    }
  }

  @Test
  void theReloadsWarningThatARouteCannotListenOutlastsALaterReloadThatChangesAnotherRouteAndGoesOnceTheRouteListens() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         Watched w = Watched.start(dir.resolve("tcpgate.json"), doc(route("a", "127.0.0.1:0", one)))) {
      Gateway g = w.gateway();
      ServerSocket taken = taken();
      int port = taken.getLocalPort();
      try (taken) {
        w.reload(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + port, two)), 1);
        assertThat(warnings(g)).contains("route 'n'").contains("127.0.0.1:" + port);
        w.reload(doc(route("a", "127.0.0.1:0", two), route("n", "127.0.0.1:" + port, two)), 2);
        assertThat(g.route("n").enabled()).as("n still cannot listen").isFalse();
        assertThat(warnings(g)).as("the warning after a reload that changed only a").contains("route 'n'").contains("127.0.0.1:" + port);
      }
      Await.until("n to listen once its address is free (tried again every 1-30 s)", WAIT,
        () -> g.route("n") != null && g.route("n").enabled());
      echoesVia(port, two);
      Await.until("the warning about n to go once n listens", WAIT, () -> warnings(g) == null);
      assertThat(health(g).getJsonObject("config").containsKey("warnings")).as("the field is kept, null, as after a clean reload").isTrue();
    }
  }

  @Test
  void theWarningOfARouteStillNotListeningStaysUntilTheRouteIsDisabled() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         Watched w = Watched.start(dir.resolve("tcpgate.json"), doc(route("a", "127.0.0.1:0", one)));
         ServerSocket stillTaken = taken()) {
      Gateway g = w.gateway();
      int kept = stillTaken.getLocalPort();
      ServerSocket taken = taken();
      int port = taken.getLocalPort();
      try (taken) {
        w.reload(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + port, two),
          route("m", "127.0.0.1:" + kept, two)), 1);
        assertThat(warnings(g)).contains("route 'n'").contains("route 'm'");
      }
      Await.until("n to listen once its address is free", WAIT, () -> g.route("n").enabled());
      Await.until("the warning about n to go", WAIT, () -> !warnings(g).contains("route 'n'"));
      assertThat(warnings(g)).as("m still cannot listen").contains("route 'm'").contains("127.0.0.1:" + kept);
      WatchedGateway.await(g.runtimeState().setEnabled("m", false));
      Await.until("the warning about m to go once m is disabled", WAIT, () -> warnings(g) == null);
    }
  }

  @Test
  void theWarningOfARouteStillOnItsOldAddressOutlastsALaterReloadThatChangesAnotherRoute() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         Watched w = Watched.start(dir.resolve("tcpgate.json"), doc(route("a", "127.0.0.1:0", one), route("b", "127.0.0.1:0", one)))) {
      Gateway g = w.gateway();
      ServerSocket taken = taken();
      int port = taken.getLocalPort();
      try (taken) {
        w.reload(doc(route("a", "127.0.0.1:" + port, one), route("b", "127.0.0.1:0", one)), 1);
        assertThat(warnings(g)).contains("route 'a'").contains("127.0.0.1:" + port);
        w.reload(doc(route("a", "127.0.0.1:" + port, one), route("b", "127.0.0.1:0", two)), 2);
        assertThat(g.route("a").boundAddress().port()).as("a still on its old address").isNotEqualTo(port);
        assertThat(warnings(g)).as("the warning after a reload that changed only b").contains("route 'a'").contains("127.0.0.1:" + port);
      }
      Await.until("a to move once its new address is free", WAIT, () -> g.route("a").boundAddress().port() == port);
      Await.until("the warning about a to go once a listens where the file says", WAIT, () -> warnings(g) == null);
    }
  }

  @Test
  void theWarningOfARouteStillNotListeningNamesTheAddressALaterReloadMovedItTo() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer(); ServerSocket first = taken(); ServerSocket second = taken();
         Watched w = Watched.start(dir.resolve("tcpgate.json"), doc(route("a", "127.0.0.1:0", one)))) {
      int was = first.getLocalPort();
      int port = second.getLocalPort();
      w.reload(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + was, two)), 1);
      assertThat(warnings(w.gateway())).contains("route 'n'").contains("127.0.0.1:" + was);
      w.reload(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + port, two)), 2);
      assertThat(w.gateway().route("n").enabled()).as("n still cannot listen").isFalse();
      assertThat(warnings(w.gateway())).as("the warning after the reload that moved n").contains("route 'n'").contains("127.0.0.1:" + port)
        .doesNotContain("127.0.0.1:" + was);
      second.close();
      Await.until("n to listen on its new address once it is free", WAIT, () -> w.gateway().route("n").enabled());
      echoesVia(port, two);
      Await.until("the warning about n to go once n listens", WAIT, () -> warnings(w.gateway()) == null);
    }
  }

  /**
   * A gateway started without runtime state ({@link Gateway#start} alone, as an embedding program may)
   * does not try a route again by itself: the line says so, and a reload that moves the route tries there.
   */
  @Test
  void aGatewayWithoutRuntimeStateTriesARouteThatCannotListenAgainOnlyWhenAReloadMovesItAndSaysSo() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EchoServer one = new EchoServer(); ServerSocket first = taken()) {
      Gateway g = WatchedGateway.await(Gateway.start(vertx, loader().parse(doc(route("a", "127.0.0.1:0", one)), "started")));
      try {
        int was = first.getLocalPort();
        ReloadResult taken = WatchedGateway.await(g.reload(
          loader().parse(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + was, one)), "edited")));
        assertThat(taken.notListening().get("n")).contains("127.0.0.1:" + was).contains("tried again only when a reload moves it")
          .doesNotContain("until it listens");
        int port = FreePorts.freePort();
        ReloadResult moved = WatchedGateway.await(g.reload(
          loader().parse(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + port, one)), "moved")));
        assertThat(moved.problems()).isEmpty();
        echoesVia(port, one);
      } finally {
        WatchedGateway.await(g.stop().eventually(vertx::close));
      }
    }
  }

  private static ConfigLoader loader() {
    return new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties());
  }

  /** A loopback server socket on a free port, which a route cannot bind while it is open. */
  private static ServerSocket taken() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
  }

  /**
   * A gateway (with its runtime state, as {@code tcpgate run} starts it) and its admin API, started from a
   * file, and a watcher that applies the file on demand.
   */
  private record Watched(EmbeddedGateway gw, ConfigWatcher watcher, Path file) implements AutoCloseable {
    /** Writes {@code doc} (with an admin API) to {@code file} and starts from it. */
    static Watched start(Path file, JsonObject doc) throws Exception {
      Files.writeString(file, withAdmin(doc).encodePrettily());
      EmbeddedGateway gw = EmbeddedGateway.start(withAdmin(doc));
      return new Watched(gw, new ConfigWatcher(gw.gateway(), loader(), file).start(0), file);
    }

    Gateway gateway() {
      return gw.gateway();
    }

    /** Writes {@code doc} (with an admin API) to the file and has the watcher apply it, as the gateway's {@code reloads}-th reload. */
    void reload(JsonObject doc, int reloads) throws Exception {
      Files.writeString(file, withAdmin(doc).encodePrettily());
      watcher.reloadNow();
      Await.until("the reload to apply", WAIT, () -> gateway().reloadStatus().reloads() == reloads);
    }

    @Override
    public void close() {
      watcher.close();
      gw.close();
    }
  }

  /** {@code config.warnings} of {@code /health}: null when there are none. */
  private static String warnings(Gateway g) {
    return health(g).getJsonObject("config").getString("warnings");
  }

  private static JsonObject health(Gateway g) {
    try {
      return new JsonObject(admin(g, "/health").body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonObject withAdmin(JsonObject doc) {
    return doc.put("admin", new JsonObject().put("host", "127.0.0.1").put("port", 0));
  }

  static int status(Gateway g) {
    try {
      return admin(g, "/health/ready").statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static HttpResponse<String> admin(Gateway g, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create("http://127.0.0.1:" + g.adminPort() + path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }
}
