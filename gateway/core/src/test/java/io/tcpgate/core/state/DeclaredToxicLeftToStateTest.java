package io.tcpgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A toxic the config file declares and the runtime state also holds (stored through another node, whose
 * file does not declare it) is the state's while the state holds it: the declaration's ttl does not take it
 * off; once the state lets go of it, the declaration is in force again, unless its own ttl ran out meanwhile.
 */
class DeclaredToxicLeftToStateTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** The ttl of the declared toxic {@code short}, ms. */
  private static final long DECLARED_TTL = 1_000;

  @Test
  void theStatesToxicOutlivesTheDeclaredTtlAndTheFilesComesBackOnceTheStateLetsGo() throws Exception {
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { enabled: false }\nevent-loops: 1\nroutes:\n"
           + "  - name: r\n    listen: \"127.0.0.1:0\"\n    backends: [ \"127.0.0.1:" + backend.port() + "\" ]\n    toxics:\n"
           + "      - { name: short, type: test-upcase, ttl: " + DECLARED_TTL + ", attributes: { n: 1 } }\n"
           + "      - { name: kept, type: test-upcase, attributes: { n: 1 } }\n")) {
      long started = System.nanoTime();
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();
      get(state.addToxic("r", new Toxic("short", "test-upcase", new JsonObject().put("attributes", new JsonObject().put("n", 2)))));
      get(state.addToxic("r", new Toxic("kept", "test-upcase", new JsonObject().put("attributes", new JsonObject().put("n", 2)))));
      assertThat(onRoute(g)).as("the state's toxics in place of the declared ones").isEqualTo(Map.of("short", 2, "kept", 2));

      Await.until("the declared ttl to pass, and 300 ms more", WAIT, () -> System.nanoTime() - started >= (DECLARED_TTL + 300) * 1_000_000);
      assertThat(onRoute(g)).as("the state's toxic, which has no ttl, stays past the declared one's").isEqualTo(Map.of("short", 2, "kept", 2));

      get(state.removeToxic("r", "short"));
      get(state.removeToxic("r", "kept"));
      assertThat(onRoute(g)).as("the declared toxic back once the state let go of its name; the one whose ttl ran out not")
        .isEqualTo(Map.of("kept", 1));
    }
  }

  /** The toxics on the route, each with its attribute {@code n}. */
  private static Map<String, Integer> onRoute(Gateway g) {
    return g.route("r").runtime().toxics().stream().collect(Collectors.toMap(RouteRuntime.NamedPolicy::name,
      t -> t.spec().entry().getJsonObject("attributes").getInteger("n")));
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
