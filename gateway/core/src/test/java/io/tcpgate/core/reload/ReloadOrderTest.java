package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A reload gives up listeners before their addresses are bound again, in any file order: renames,
 * swaps, a route moving onto the address of one removed, a new route taking an address another moves
 * off, and an address written another way; live connections stay open throughout.
 */
class ReloadOrderTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aRenamedRouteTakesOverItsAddressAndTheOldOnesConnectionStaysOpen() throws Exception {
    int x = FreePorts.freePort();
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(doc(route("a", "127.0.0.1:" + x, one)));
         Socket live = Peers.connect(loopback(x), WAIT)) {
      echoes(live);
      ReloadResult r = reload(gw, doc(route("b", "127.0.0.1:" + x, two)));
      assertThat(r.problems()).isEmpty();
      assertThat(r.added()).containsExactly("b");
      echoesVia(x, two);
      echoes(live);
    }
  }

  @Test
  void renamesUnderConnectLoadEachTakeOverTheAddress() throws Exception {
    int x = FreePorts.freePort();
    AtomicBoolean running = new AtomicBoolean(true);
    try (EchoServer one = new EchoServer(); EmbeddedGateway gw = EmbeddedGateway.start(doc(route("r0", "127.0.0.1:" + x, one)))) {
      Thread load = new Thread(() -> {
        while (running.get()) {
          try (Socket s = new Socket()) {
            s.connect(loopback(x), 1_000);
          } catch (IOException refusedOrReset) {
            // the moment between two listeners, or a backlog reset by a closing listener
          }
        }
      }, "connect-load");
      load.start();
      try {
        for (int i = 1; i <= 15; i++) {
          ReloadResult r = reload(gw, doc(route("r" + i, "127.0.0.1:" + x, one)));
          assertThat(r.problems()).as("rename %d", i).isEmpty();
          assertThat(gw.gateway().route("r" + i).enabled()).isTrue();
        }
      } finally {
        running.set(false);
        load.join(WAIT.toMillis());
      }
      echoesVia(x, one);
    }
  }

  @Test
  void routesThatSwapAddressesBothListenOnTheirNewOnes() throws Exception {
    int x = FreePorts.freePort();
    int y = FreePorts.freePort();
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(doc(route("a", "127.0.0.1:" + x, one), route("b", "127.0.0.1:" + y, two)));
         Socket live = Peers.connect(loopback(x), WAIT)) {
      echoes(live);
      ReloadResult r = reload(gw, doc(route("a", "127.0.0.1:" + y, one), route("b", "127.0.0.1:" + x, two)));
      assertThat(r.problems()).isEmpty();
      echoesVia(y, one);
      echoesVia(x, two);
      echoes(live);
    }
  }

  @Test
  void aNewRouteListedFirstTakesTheAddressAnotherMovesOff() throws Exception {
    int x = FreePorts.freePort();
    int z = FreePorts.freePort();
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(doc(route("a", "127.0.0.1:" + x, one)))) {
      ReloadResult r = reload(gw, doc(route("n", "127.0.0.1:" + x, two), route("a", "127.0.0.1:" + z, one)));
      assertThat(r.problems()).isEmpty();
      echoesVia(x, two);
      echoesVia(z, one);
    }
  }

  @Test
  void aRouteMovesOntoTheAddressOfARemovedOne() throws Exception {
    int x = FreePorts.freePort();
    int y = FreePorts.freePort();
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(doc(route("a", "127.0.0.1:" + x, one), route("b", "127.0.0.1:" + y, two)));
         Socket live = Peers.connect(loopback(y), WAIT)) {
      echoes(live);
      ReloadResult r = reload(gw, doc(route("a", "127.0.0.1:" + y, one)));
      assertThat(r.problems()).isEmpty();
      echoesVia(y, one);
      echoes(live);
    }
  }

  @Test
  void theSamePortWrittenAnotherWayRebinds() throws Exception {
    int x = FreePorts.freePort();
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(doc(route("a", "127.0.0.1:" + x, one)));
         Socket live = Peers.connect(loopback(x), WAIT)) {
      echoes(live);
      ReloadResult r = reload(gw, doc(route("a", "localhost:" + x, two)));
      assertThat(r.problems()).isEmpty();
      assertThat(r.changed()).containsExactly("a");
      echoesVia(x, two);
      echoes(live);
    }
  }

  static ReloadResult reload(EmbeddedGateway gw, JsonObject doc) throws Exception {
    Gateway g = gw.gateway();
    return g.reload(new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).parse(doc, "edited"))
      .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  static JsonObject doc(JsonObject... routes) {
    JsonArray all = new JsonArray();
    for (JsonObject r : routes) {
      all.add(r);
    }
    return new JsonObject().put("admin", new JsonObject().put("enabled", false)).put("routes", all);
  }

  static JsonObject route(String name, String listen, EchoServer backend) {
    return new JsonObject().put("name", name).put("listen", listen).put("backends", new JsonArray().add("127.0.0.1:" + backend.port()));
  }

  static InetSocketAddress loopback(int port) {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** A new connection to {@code port} echoes, through {@code backend}. */
  static void echoesVia(int port, EchoServer backend) throws Exception {
    int before = backend.connectionCount();
    try (Socket s = Peers.connect(loopback(port), WAIT)) {
      echoes(s);
    }
    assertThat(backend.connectionCount()).as("port " + port + " leads to the expected backend").isGreaterThan(before);
  }

  static void echoes(Socket s) throws Exception {
    Peers.write(s, "ping".getBytes(), WAIT);
    assertThat(new String(Peers.readExactly(s, 4, WAIT))).isEqualTo("ping");
  }
}
