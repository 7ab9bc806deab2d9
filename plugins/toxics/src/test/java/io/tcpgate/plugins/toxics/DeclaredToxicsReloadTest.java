package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.reload.ReloadResult;
import io.tcpgate.testkit.Peers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Toxics declared in the config file change with it: a reload replaces, removes and adds them, on live connections too. */
class DeclaredToxicsReloadTest {
  /** Latency of the slow toxic after the edit, ms: far above a loopback echo, so an echo this slow went through it. */
  private static final long SLOW_MS = 800;
  /** Slack under {@link #SLOW_MS} for timer precision, ms. */
  private static final long SLACK_MS = 50;

  /** The config file: route r to the echo backend with these toxics declared. */
  private static JsonObject file(GatewayUnderTest gw, JsonObject... toxics) {
    return new JsonObject().put("admin", new JsonObject().put("host", "127.0.0.1").put("port", 0)).put("routes", new JsonArray()
      .add(new JsonObject().put("name", "r").put("listen", "127.0.0.1:0").put("backends", new JsonArray().add("127.0.0.1:" + gw.echo.port()))
        .put("toxics", new JsonArray(List.of((Object[]) toxics)))));
  }

  private static JsonObject latency(String name, long ms) {
    return new JsonObject().put("name", name).put("type", "latency").put("attributes", new JsonObject().put("latency", ms));
  }

  /** A gateway whose config file declares these toxics on route r. */
  private static GatewayUnderTest start(JsonObject... toxics) throws Exception {
    String route = "routes:\n  - { name: r, listen: \"127.0.0.1:0\", backends: [ ECHO ], toxics: "
      + new JsonArray(List.of((Object[]) toxics)).encode() + " }\n";
    return new GatewayUnderTest(route);
  }

  /** Applies {@code doc} as an edited config file; returns once the toxic changes are in force on live connections. */
  private static ReloadResult reload(GatewayUnderTest gw, JsonObject doc) throws Exception {
    Gateway g = gw.gateway.gateway();
    ReloadResult result = get(g.reload(new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).parse(doc, "edited")));
    get(g.route("r").runtime().applied());
    return result;
  }

  @Test
  void aChangedDeclaredToxicIsUpdatedOnNewAndLiveConnections() throws Exception {
    try (GatewayUnderTest gw = start(latency("slow", 100));
         Socket live = Peers.connect(gw.gateway.address("r"), GatewayUnderTest.WAIT)) {
      echo(live);
      ReloadResult result = reload(gw, file(gw, latency("slow", SLOW_MS)));
      assertThat(result.changed()).containsExactly("r");
      assertThat(new JsonObject(gw.call0("/proxies/r/toxics/slow")).getJsonObject("attributes").getLong("latency")).isEqualTo(SLOW_MS);
      assertThat(echo(live)).as("an echo on the connection live across the reload, ms").isGreaterThanOrEqualTo(SLOW_MS - SLACK_MS);
      try (Socket fresh = Peers.connect(gw.gateway.address("r"), GatewayUnderTest.WAIT)) {
        assertThat(echo(fresh)).as("an echo on a new connection, ms").isGreaterThanOrEqualTo(SLOW_MS - SLACK_MS);
        assertThat(connectionToxics(gw)).containsExactly(List.of("slow"), List.of("slow"));
      }
    }
  }

  @Test
  void aToxicRemovedFromTheFileGoesAndANewlyDeclaredOneIsAdded() throws Exception {
    try (GatewayUnderTest gw = start(latency("slow", SLOW_MS), latency("kept", 1));
         Socket live = Peers.connect(gw.gateway.address("r"), GatewayUnderTest.WAIT)) {
      echo(live);
      assertThat(connectionToxics(gw)).containsExactly(List.of("slow", "kept"));
      ReloadResult result = reload(gw, file(gw, latency("kept", 1), latency("added", 1), latency("last", 2)));
      assertThat(result.changed()).containsExactly("r");
      assertThat(gw.gateway.gateway().route("r").runtime().toxics()).extracting(t -> t.name()).containsExactly("kept", "added", "last");
      assertThat(connectionToxics(gw)).as("the live connection's toxics").containsExactly(List.of("kept", "added", "last"));
      assertThat(gw.call("GET", "/proxies/r/toxics/slow", null).statusCode()).isEqualTo(404);
      assertThat(gw.call("DELETE", "/proxies/r/toxics/added", null).statusCode()).as("a declared toxic changes with the file only")
        .isEqualTo(409);
      echo(live);
    }
  }

  @Test
  void aToxicAddedAtRunTimeStaysWhenTheFileDeclaresAndDropsItsName() throws Exception {
    try (GatewayUnderTest gw = start()) {
      gw.addToxic("r", latency("slow", 5).encode());
      reload(gw, file(gw, latency("slow", SLOW_MS)));
      JsonObject slow = new JsonObject(gw.call0("/proxies/r/toxics/slow"));
      assertThat(slow.getJsonObject("attributes").getLong("latency")).as("the runtime state's toxic of that name").isEqualTo(5);
      reload(gw, file(gw));
      assertThat(gw.gateway.gateway().route("r").runtime().toxics()).extracting(t -> t.name()).containsExactly("slow");
      assertThat(new JsonObject(gw.call0("/proxies/r/toxics/slow")).getJsonObject("attributes").getLong("latency")).isEqualTo(5);
      gw.removeToxic("r", "slow");
      assertThat(gw.gateway.gateway().route("r").runtime().toxics()).isEmpty();
    }
  }

  /** The toxics acting on each live connection, as {@code GET /connections} lists them. */
  private static List<Object> connectionToxics(GatewayUnderTest gw) {
    return new JsonArray(gw.call0("/connections")).stream().map(c -> (Object) ((JsonObject) c).getJsonArray("toxics").getList()).toList();
  }

  /** Echoes one byte; returns how long it took, ms. */
  private static long echo(Socket s) throws Exception {
    long t0 = System.nanoTime();
    Peers.write(s, new byte[] {7}, GatewayUnderTest.WAIT);
    assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(7);
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(GatewayUnderTest.WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
