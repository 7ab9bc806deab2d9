package io.tcpgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.relay.RelayConnection;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.LogCapture;
import io.tcpgate.testkit.Peers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The standalone runtime state: routes, flags and toxics change the running gateway and survive a reload. */
class RuntimeStateTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static String config(EchoServer backend) {
    return "admin: { enabled: false }\nroutes:\n  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
  }

  @Test
  void toxicsFlagsAndRuntimeRoutesApplyToTheGatewayAndSurviveAReload() throws Exception {
    try (EchoServer backend = new EchoServer(); EchoServer other = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(config(backend))) {
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();
      assertThat(state.clustered()).isFalse();
      try (Socket live = Peers.connect(gw.address("r"), WAIT)) {
        echoes(live);
        get(state.addToxic("r", new Toxic("slow", "test-hold", new JsonObject().put("delay-ms", 1))));
        assertThat(toxics(g, "r")).as("in force once the change answers").containsExactly("slow");
        RelayConnection c = g.route("r").runtime().connections().iterator().next();
        assertThat(c.policyNames()).as("on the live connection too").contains("slow");
        echoes(live); // the live connection now relays through the toxic
      }
      assertThat(kind(state.addToxic("r", new Toxic("slow", "test-hold", new JsonObject())))).isEqualTo(RuntimeStateException.Kind.CONFLICT);
      assertThat(kind(state.addToxic("nope", new Toxic("x", "test-hold", new JsonObject())))).isEqualTo(RuntimeStateException.Kind.NOT_FOUND);
      RuntimeStateException bad = failure(() -> state.addToxic("r", new Toxic("y", "no-such-type", new JsonObject())));
      assertThat(bad.kind()).isEqualTo(RuntimeStateException.Kind.INVALID);
      assertThat(bad.getMessage()).contains("toxic 'y'").contains("'type'").contains("no-such-type");

      JsonObject api = new JsonObject().put("name", "api").put("listen", "127.0.0.1:0")
        .put("backends", new JsonArray().add("127.0.0.1:" + other.port()));
      get(state.createRoute(api));
      assertThat(g.route("api")).as("listening once the change answers").isNotNull();
      echoes(gw.address("api"));
      assertThat(kind(state.createRoute(api))).isEqualTo(RuntimeStateException.Kind.CONFLICT);
      assertThat(failure(() -> state.createRoute(new JsonObject().put("name", "r").put("listen", "127.0.0.1:0")
        .put("backends", new JsonArray().add("127.0.0.1:1")))).kind()).isEqualTo(RuntimeStateException.Kind.CONFLICT);

      InetSocketAddress r = gw.address("r");
      get(state.setEnabled("r", false));
      assertThat(g.route("r").enabled()).as("a disabled route stays listed").isFalse();
      assertThatThrownBy(() -> new Socket(r.getAddress(), r.getPort()).close()).as("nothing listens once the change answers")
        .isInstanceOf(ConnectException.class);
      get(state.setEnabled("r", true));
      assertThat(g.route("r").enabled()).isTrue();
      echoes(r);
      assertThat(toxics(g, "r")).as("toxics stay on while the route is disabled").containsExactly("slow");

      JsonObject changed = new JsonObject().put("admin", new JsonObject().put("enabled", false)).put("routes", new JsonArray()
        .add(new JsonObject().put("name", "r").put("listen", "127.0.0.1:0").put("backends", new JsonArray().add("127.0.0.1:" + other.port()))));
      get(g.reload(new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).parse(changed, "edited")));
      assertThat(g.route("r").runtime().config().backends().get(0).port()).isEqualTo(other.port());
      assertThat(toxics(g, "r")).as("runtime toxics survive a reload").containsExactly("slow");
      assertThat(g.route("api")).as("a runtime route survives a reload").isNotNull();

      get(state.reset());
      assertThat(toxics(g, "r")).as("reset removed the toxics").isEmpty();
      get(state.deleteRoute("api"));
      assertThat(g.route("api")).as("the deleted runtime route stopped").isNull();
      assertThat(state.routes()).isEmpty();
    }
  }

  @Test
  void aRouteWhoseAddressIsTakenHereIsListedNotReadyAndListensOnceTheAddressIsFree() throws Exception {
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(config(backend).replace("admin: { enabled: false }", "admin: { host: 127.0.0.1, port: 0 }"))) {
      Gateway g = gw.gateway();
      ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      int port = taken.getLocalPort();
      try (taken) {
        // stored (as another node of a cluster would store it), but this node cannot listen there
        get(g.runtimeState().createRoute(new JsonObject().put("name", "x").put("listen", "127.0.0.1:" + port)
          .put("backends", new JsonArray().add("127.0.0.1:" + backend.port()))));
        assertThat(g.route("x")).as("known here though not listening").isNotNull();
        assertThat(g.route("x").enabled()).isFalse();
        assertThat(g.runtimeState().problem("x")).contains("127.0.0.1:" + port);
        HttpResponse<String> ready = admin(g, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("route 'x'").contains("127.0.0.1:" + port);
        JsonObject proxy = new JsonObject(admin(g, "/proxies/x").body());
        assertThat(proxy.getString("error")).contains("127.0.0.1:" + port);
        assertThat(proxy.getBoolean("enabled")).isFalse();
      }
      Await.until("x to listen once its address is free (tried again every 1-30 s)", WAIT, () -> g.route("x").enabled());
      echoes(new InetSocketAddress("127.0.0.1", port));
      assertThat(g.runtimeState().problem("x")).isNull();
      assertThat(admin(g, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(new JsonObject(admin(g, "/proxies/x").body()).containsKey("error")).isFalse();
    }
  }

  @Test
  void aResetThatMakesARouteListenEndsItsRetriesSoAProblemAfterIsTriedAgainAfterTheFirstWait() throws Exception {
    try (EchoServer backend = new EchoServer(); EmbeddedGateway gw = EmbeddedGateway.start(config(backend))) {
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();
      InetAddress loopback = InetAddress.getByName("127.0.0.1");
      ServerSocket taken = new ServerSocket(0, 50, loopback);
      int port = taken.getLocalPort();
      long created = System.nanoTime();
      try (taken) {
        get(state.createRoute(new JsonObject().put("name", "x").put("listen", "127.0.0.1:" + port)
          .put("backends", new JsonArray().add("127.0.0.1:" + backend.port()))));
        assertThat(state.problem("x")).contains("127.0.0.1:" + port);
        // tried at once, after 1 s and 3 s more: the next try is 4 s after that one
        long third = StateApplier.RETRY_FIRST_MILLIS * 3 + 400;
        Await.until("the third try to have failed", WAIT, () -> System.nanoTime() - created >= third * 1_000_000);
      }
      get(state.reset());
      assertThat(g.route("x").enabled()).as("listening once the reset answers").isTrue();
      assertThat(state.problem("x")).isNull();
      echoes(new InetSocketAddress("127.0.0.1", port));

      get(state.setEnabled("x", false));
      try (ServerSocket again = new ServerSocket(port, 50, loopback)) {
        get(state.setEnabled("x", true));
        assertThat(state.problem("x")).as("a new problem").contains("127.0.0.1:" + port);
      }
      long freed = System.nanoTime();
      Await.until("x to listen on the first try after the new problem", WAIT, () -> g.route("x").enabled());
      assertThat((System.nanoTime() - freed) / 1_000_000).as("ms to the first try, not to the try scheduled before the reset")
        .isLessThan(StateApplier.RETRY_FIRST_MILLIS + 1_000);
      echoes(new InetSocketAddress("127.0.0.1", port));
    }
  }

  @Test
  void aRetryDueAfterTheGatewayStoppedLeavesTheRoutesProblemAsItWas() throws Exception {
    try (LogCapture log = new LogCapture(); EchoServer backend = new EchoServer(); EmbeddedGateway gw = EmbeddedGateway.start(config(backend));
         ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();
      long created = System.nanoTime();
      get(state.createRoute(new JsonObject().put("name", "x").put("listen", "127.0.0.1:" + taken.getLocalPort())
        .put("backends", new JsonArray().add("127.0.0.1:" + backend.port()))));
      assertThat(state.problem("x")).as("a retry is scheduled").isNotNull();
      get(g.stop());
      // nothing to await but the retry's time: the first try after a problem comes RETRY_FIRST_MILLIS after it
      long pastTheRetry = StateApplier.RETRY_FIRST_MILLIS * 2 + 500;
      Await.until("the retry's time to pass", WAIT, () -> System.nanoTime() - created >= pastTheRetry * 1_000_000);
      assertThat(state.problem("x")).as("still not applied: a stopping gateway opens nothing").isNotNull();
      assertThat(log.messages()).noneMatch(m -> m.contains("now applied on this node"));
    }
  }

  @Test
  void aRouteDeletedWhileItCouldNotListenIsLoggedAsDeletedNotAsApplied() throws Exception {
    try (LogCapture log = new LogCapture(); EchoServer backend = new EchoServer(); EmbeddedGateway gw = EmbeddedGateway.start(config(backend));
         ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();
      get(state.createRoute(new JsonObject().put("name", "x").put("listen", "127.0.0.1:" + taken.getLocalPort())
        .put("backends", new JsonArray().add("127.0.0.1:" + backend.port()))));
      assertThat(state.problem("x")).as("cannot listen here").isNotNull();
      get(state.deleteRoute("x"));
      assertThat(g.route("x")).as("gone once the delete answers").isNull();
      assertThat(state.problem("x")).as("its problem went with it").isNull();
      assertThat(log.messages()).anyMatch(m -> m.equals("route x: deleted at run time"))
        .noneMatch(m -> m.contains("now applied on this node"));
    }
  }

  @Test
  void aRouteCreatedWithTheNameOfARemovedFileRouteStartsAfresh() throws Exception {
    try (EchoServer backend = new EchoServer(); EchoServer other = new EchoServer(); EmbeddedGateway gw = EmbeddedGateway.start(config(backend))) {
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();
      get(state.addToxic("r", new Toxic("slow", "test-hold", new JsonObject().put("delay-ms", 1))));
      get(state.setEnabled("r", false));
      get(g.reload(new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties())
        .parse(new JsonObject().put("admin", new JsonObject().put("enabled", false)).put("routes", new JsonArray()), "edited")));
      assertThat(g.route("r")).as("removed with the file's route").isNull();
      get(state.createRoute(new JsonObject().put("name", "r").put("listen", "127.0.0.1:0")
        .put("backends", new JsonArray().add("127.0.0.1:" + other.port()))));
      assertThat(g.route("r").enabled()).as("enabled, as created").isTrue();
      assertThat(toxics(g, "r")).as("no toxic of the old route").isEmpty();
      echoes(gw.address("r"));
    }
  }

  @Test
  void aNodeStartedWithARuntimeRouteOfAFileRouteNameRunsTheFilesOnceThatRouteIsDeleted() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EchoServer runtimeBackend = new EchoServer(); EchoServer fileBackend = new EchoServer()) {
      int runtimePort = freePort();
      int filePort = freePort();
      // the shared state already holds a route created at run time (as a cluster does for a node that restarts)
      LocalStateStore store = new LocalStateStore();
      JsonObject definition = new JsonObject().put("name", "x").put("listen", "127.0.0.1:" + runtimePort)
        .put("backends", new JsonArray().add("127.0.0.1:" + runtimeBackend.port()));
      get(store.update("x", s -> new RouteState("x", definition, true, List.of(), s.version() + 1, "another node")));
      Gateway g = GatewayOnStore.start(vertx, store, "x", filePort, fileBackend.port());
      Await.until("the runtime route to win", WAIT, () -> g.route("x").boundAddress().port() == runtimePort);
      echoes(new InetSocketAddress("127.0.0.1", runtimePort));

      get(g.runtimeState().deleteRoute("x")); // was refused: "defined in the config file"
      Await.until("the file's route to run again", WAIT, () -> g.route("x") != null && g.route("x").boundAddress().port() == filePort);
      assertThat(g.route("x").runtime().config().backends().get(0).port()).isEqualTo(fileBackend.port());
      echoes(new InetSocketAddress("127.0.0.1", filePort));
      get(g.stop());
    } finally {
      get(vertx.close());
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  private static HttpResponse<String> admin(Gateway g, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create("http://127.0.0.1:" + g.adminPort() + path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static List<String> toxics(Gateway g, String route) {
    Gateway.RunningRoute r = g.route(route);
    return r == null ? List.of() : r.runtime().toxics().stream().map(t -> t.name()).toList();
  }

  private static void echoes(InetSocketAddress address) throws Exception {
    try (Socket s = Peers.connect(address, WAIT)) {
      echoes(s);
    }
  }

  private static void echoes(Socket s) throws Exception {
    Peers.write(s, "ping".getBytes(), WAIT);
    assertThat(new String(Peers.readExactly(s, 4, WAIT))).isEqualTo("ping");
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  private static RuntimeStateException.Kind kind(Future<?> f) {
    return failure(() -> f).kind();
  }

  private static RuntimeStateException failure(Supplier<Future<?>> call) {
    try {
      get(call.get());
    } catch (RuntimeStateException e) {
      return e;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeStateException) {
        return (RuntimeStateException) e.getCause();
      }
      throw new AssertionError("expected a RuntimeStateException, got " + e.getCause(), e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected a failure");
  }
}
