package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.PortChecks;
import io.vertx.core.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A route set up without listening (a reload or the runtime state could not make it listen) never takes
 * the place of a route of that name that listens: that one's listener would be lost to the gateway, and a
 * stop would leave it open.
 */
class NotListeningRouteTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aRouteThatStartedListeningWhileTheSameNameWasSetUpNotListeningKeepsItsListenerAndTheStopClosesIt() throws Exception {
    ExecutorService adder = Executors.newSingleThreadExecutor();
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(parse("admin: { enabled: false }\nroutes: []\n"))) {
      Gateway g = gw.gateway();
      RouteConfig route = parse("admin: { enabled: false }\nroutes:\n"
        + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n").routes().get(0);
      HeldRouteStarts hold = HeldRouteStarts.firstOnly();
      g.beforeListening(hold); // holds the not-listening set-up once its runtime exists, before it is recorded
      java.util.concurrent.Future<?> added = adder.submit(() -> g.addNotListening(route));
      hold.awaitHeld();
      Gateway.RunningRoute listening = await(g.startRoute(route));
      hold.release();
      added.get(WAIT.toSeconds(), TimeUnit.SECONDS);

      InetSocketAddress bound = new InetSocketAddress("127.0.0.1", listening.boundAddress().port());
      assertThat(g.routes().get("r")).as("the route of that name once both were done").isSameAs(listening);
      await(g.stop());
      PortChecks.assertNotListening(bound);
    } finally {
      adder.shutdownNow();
    }
  }

  private static GatewayConfig parse(String yaml) throws Exception {
    return new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).parse(Yaml.parse(yaml), "test config");
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
