package io.tcpgate.plugins.limits;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.reload.ReloadResult;
import io.tcpgate.core.state.RuntimeState;
import io.tcpgate.core.state.Toxic;
import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** max-connections on a real gateway: what a client over the limit observes, and that live ones flow on. */
class MaxConnectionsGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static EmbeddedGateway gateway(EchoServer backend, String policy) throws Exception {
    return EmbeddedGateway.start(OneRouteConfig.to(backend.address()).withAdmin().policy(policy).yaml());
  }

  /** A gateway (to an echo backend, with {@code policy} unless null) and two clients, both shown live end to end. */
  private record TwoLive(EchoServer backend, EmbeddedGateway gw, Socket one, Socket two) implements AutoCloseable {
    static TwoLive start(String policy) throws Exception {
      EchoServer backend = new EchoServer();
      EmbeddedGateway gw = null;
      Socket one = null;
      Socket two = null;
      try {
        OneRouteConfig config = OneRouteConfig.to(backend.address()).withAdmin();
        gw = EmbeddedGateway.start((policy == null ? config : config.policy(policy)).yaml());
        one = Peers.connect(gw.address(ROUTE), WAIT);
        two = Peers.connect(gw.address(ROUTE), WAIT);
        assertEchoes(one);
        assertEchoes(two);
        return new TwoLive(backend, gw, one, two);
      } catch (Exception | AssertionError e) {
        new TwoLive(backend, gw, one, two).close();
        throw e;
      }
    }

    /** Closes the clients, the gateway, then the backend (null ones are skipped). */
    @Override
    public void close() throws Exception {
      try (EchoServer b = backend; EmbeddedGateway g = gw; Socket o = one; Socket t = two) {
        // nothing to do but close them
      }
    }
  }

  /** Sends a few bytes and reads them back through the gateway: the connection is live end to end. */
  private static void assertEchoes(Socket client) throws IOException {
    byte[] ping = "ping".getBytes();
    client.getOutputStream().write(ping);
    assertThat(Peers.readExactly(client, ping.length, WAIT)).isEqualTo(ping);
  }

  /** A new client from 127.0.0.1 is refused at once: it sees {@code ending} and nothing else. */
  private static void assertRefused(EmbeddedGateway gw, Ending ending) throws IOException {
    if (ending == Ending.RESET) {
      assertThat(Peers.connectExpectingReset(gw.address(ROUTE), WAIT)).isEmpty();
      return;
    }
    try (Socket refused = Peers.connect(gw.address(ROUTE), WAIT)) {
      Peers.expectEof(refused, WAIT);
    }
  }

  /** The policy's status as the admin API shows it under the route. */
  private static JsonObject status(EmbeddedGateway gw) {
    try {
      JsonArray routes = new JsonArray(AdminClient.get(gw.gateway().adminPort(), "/routes"));
      return routes.getJsonObject(0).getJsonArray("policies").getJsonObject(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aClientOverTheLimitGetsFinAndTheLiveOnesFlowOn() throws Exception {
    try (TwoLive live = TwoLive.start("type: max-connections, max: 2, action: fin")) {
      EmbeddedGateway gw = live.gw();
      Socket one = live.one();
      Socket two = live.two();
      assertRefused(gw, Ending.EOF);
      assertEchoes(one);
      assertEchoes(two);
      assertThat(status(gw).getInteger("live")).isEqualTo(2);
      assertThat(status(gw).getLong("refused")).isEqualTo(1);
      assertThat(live.backend().connectionCount()).as("the refused client never reached the backend").isEqualTo(2);
    }
  }

  /** Applies the same route with {@code policy} instead, as a reload of a changed config file does. */
  private static void reload(EmbeddedGateway gw, EchoServer backend, String policy, Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("tcpgate.yaml"), OneRouteConfig.to(backend.address()).withAdmin().policy(policy).yaml());
    ReloadResult result = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).load(gw.vertx(), file)
      .compose(gw.gateway()::reload)
      .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(result.problems()).isEmpty();
    assertThat(result.changed()).containsExactly(ROUTE);
  }

  @Test
  void connectionsAdmittedBeforeAReloadCountAgainstTheNewLimit(@TempDir Path dir) throws Exception {
    try (TwoLive live = TwoLive.start("type: max-connections, max: 2, action: fin")) {
      EmbeddedGateway gw = live.gw();
      Socket one = live.one();
      Socket two = live.two();
      reload(gw, live.backend(), "type: max-connections, max: 3, action: fin", dir);
      try (Socket three = Peers.connect(gw.address(ROUTE), WAIT)) {
        assertEchoes(three);
        assertRefused(gw, Ending.EOF);
        assertThat(status(gw).getInteger("max")).isEqualTo(3);
        assertThat(status(gw).getInteger("live")).isEqualTo(3);
        assertEchoes(one);
      }
      one.close();
      Await.until("the connections admitted before and after the reload to count out", WAIT,
        () -> status(gw).getInteger("live") == 1);
      assertEchoes(two);
    }
  }

  /** Adds ({@code add}) or replaces a run-time toxic {@code cap}: max-connections with {@code max}; returns once it is in force on live connections. */
  private static void capAtRunTime(EmbeddedGateway gw, boolean add, int max) throws Exception {
    Toxic cap = new Toxic("cap", "max-connections", new JsonObject().put("max", max));
    RuntimeState state = gw.gateway().runtimeState();
    (add ? state.addToxic(ROUTE, cap) : state.updateToxic(ROUTE, cap))
      .toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** The run-time toxic {@code cap} as the admin API shows it under the route's {@code toxic_status}. */
  private static JsonObject capStatus(EmbeddedGateway gw) throws IOException {
    JsonArray routes = new JsonArray(AdminClient.get(gw.gateway().adminPort(), "/routes"));
    JsonObject cap = routes.getJsonObject(0).getJsonArray("toxic_status").getJsonObject(0);
    assertThat(cap.getString("name")).isEqualTo("cap");
    return cap;
  }

  @Test
  void aLimitAddedAtRunTimeCountsTheLiveConnectionsAndRefusesNone() throws Exception {
    try (TwoLive live = TwoLive.start(null)) {
      EmbeddedGateway gw = live.gw();
      Socket one = live.one();
      Socket two = live.two();
      capAtRunTime(gw, true, 1);
      assertEchoes(one);
      assertEchoes(two);
      assertRefused(gw, Ending.EOF);
      assertThat(capStatus(gw).getInteger("live")).isEqualTo(2);
      assertThat(capStatus(gw).getLong("refused")).isEqualTo(1);
      capAtRunTime(gw, false, 3); // the live two move to the new limit: counted once each, not twice
      assertThat(capStatus(gw).getInteger("live")).isEqualTo(2);
      try (Socket three = Peers.connect(gw.address(ROUTE), WAIT)) {
        assertEchoes(three);
        assertRefused(gw, Ending.EOF);
        assertThat(capStatus(gw).getInteger("live")).isEqualTo(3);
      }
      assertEchoes(one);
      assertEchoes(two);
      assertThat(live.backend().connectionCount()).as("refused clients never reached the backend").isEqualTo(3);
    }
  }

  @Test
  void aClientOverTheLimitGetsRstWhenTheActionIsRst() throws Exception {
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = gateway(backend, "type: max-connections, max: 1, action: rst");
         Socket one = Peers.connect(gw.address(ROUTE), WAIT)) {
      assertEchoes(one);
      assertRefused(gw, Ending.RESET);
      assertEchoes(one);
    }
  }

  @Test
  void aClosedConnectionFreesItsPlaceForTheNextClient() throws Exception {
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = gateway(backend, "type: max-connections, max: 1")) {
      try (Socket one = Peers.connect(gw.address(ROUTE), WAIT)) {
        assertEchoes(one);
        Peers.sendFin(one);
        Peers.expectEof(one, WAIT);
      }
      Await.until("the live count to drop to 0", WAIT, () -> status(gw).getInteger("live") == 0);
      try (Socket two = Peers.connect(gw.address(ROUTE), WAIT)) {
        assertEchoes(two);
      }
    }
  }

  @Test
  void thePerClientLimitRefusesOneAddressWhileAnotherIsAdmitted() throws Exception {
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = gateway(backend, "type: max-connections, max: 10, per-client: 1");
         Socket first = Peers.connect(gw.address(ROUTE), WAIT)) {
      assertEchoes(first);
      assertRefused(gw, Ending.EOF);
      try (Socket other = new Socket()) {
        other.bind(new InetSocketAddress("127.0.0.2", 0));
        other.connect(gw.address(ROUTE), (int) WAIT.toMillis());
        assertEchoes(other);
      }
      assertEchoes(first);
    }
  }
}
