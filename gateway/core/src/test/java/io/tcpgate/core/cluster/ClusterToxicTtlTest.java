package io.tcpgate.core.cluster;

import static io.tcpgate.core.cluster.TwoNodes.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.state.RouteState;
import io.tcpgate.core.state.RuntimeState;
import io.tcpgate.core.state.Toxic;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A toxic's ttl across two cluster nodes in this JVM (127.0.0.6 and 127.0.0.7): created through one
 * and updated or created again through the other, it acts for its ttl from the create on both, and the
 * shared state forgets it then (CLUSTER.md, "Toxic ttl").
 */
class ClusterToxicTtlTest {
  private static final Duration WAIT = TwoNodes.WAIT;
  private static final long TTL = 2_000;
  /** How long after the toxic left the routes the state may still hold it. */
  private static final Duration FORGOTTEN = Duration.ofMillis(500);

  @Test
  void aToxicUpdatedOrCreatedAgainThroughAnotherNodeRunsOutOnItsCountdownEverywhere() throws Exception {
    TwoNodes nodes = new TwoNodes(0);
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway a = EmbeddedGateway.start(nodes.config(TwoNodes.A, TwoNodes.route("r", TwoNodes.A, 0, backend.port())));
         EmbeddedGateway b = EmbeddedGateway.start(nodes.config(TwoNodes.B, TwoNodes.route("r", TwoNodes.B, 0, backend.port())))) {
      List<Gateway> both = List.of(a.gateway(), b.gateway());
      RuntimeState viaA = a.gateway().runtimeState();
      RuntimeState viaB = b.gateway().runtimeState();

      // created through A, updated through B half-way (the ttl kept): gone everywhere at the ttl from the create
      long created = System.nanoTime();
      get(viaA.addToxic("r", toxic("kept", 1)));
      awaitOnRoutes(both, "kept", true);
      Await.until("half the ttl", WAIT, () -> System.nanoTime() - created >= TTL / 2 * 1_000_000);
      get(viaB.updateToxic("r", toxic("kept", 2)));
      awaitOnRoutes(both, "kept", false);
      long ms = (System.nanoTime() - created) / 1_000_000;
      assertThat(ms).as("ms from the create, not from the update").isBetween(TTL - 50, TTL + TTL / 2 - 200);
      awaitForgotten(both, "kept");
      get(viaB.addToxic("r", new Toxic("other", "test-upcase", new JsonObject())));
      awaitOnRoutes(both, "other", true);
      for (Gateway g : both) {
        assertThat(onRoute(g)).as("the toxic that ran out does not come back with another change").containsExactly("other");
      }
      get(viaA.addToxic("r", toxic("kept", 3))); // no CONFLICT: it is gone
      get(viaA.removeToxic("r", "kept"));

      // created through A, deleted and created again through B half-way: counts from the new creation
      long created2 = System.nanoTime();
      get(viaA.addToxic("r", toxic("again", 1)));
      awaitOnRoutes(both, "again", true);
      Await.until("half the ttl", WAIT, () -> System.nanoTime() - created2 >= TTL / 2 * 1_000_000);
      get(viaB.removeToxic("r", "again"));
      long again = System.nanoTime();
      get(viaB.addToxic("r", toxic("again", 1)));
      awaitOnRoutes(both, "again", true);
      awaitOnRoutes(both, "again", false);
      assertThat((System.nanoTime() - again) / 1_000_000).as("ms on the routes from the new creation").isGreaterThanOrEqualTo(TTL - 50);
      awaitForgotten(both, "again");
    }
  }

  private static Toxic toxic(String name, int n) {
    return new Toxic(name, "test-upcase", new JsonObject().put("ttl", TTL).put("attributes", new JsonObject().put("n", n)));
  }

  private static void awaitOnRoutes(List<Gateway> nodes, String toxic, boolean on) {
    for (Gateway g : nodes) {
      Await.until(toxic + (on ? " on " : " off ") + "the route of every node", WAIT, () -> onRoute(g).contains(toxic) == on);
    }
  }

  /** Every node's view of the shared state forgets the toxic within {@link #FORGOTTEN}. */
  private static void awaitForgotten(List<Gateway> nodes, String toxic) {
    long deadline = System.nanoTime() + FORGOTTEN.toNanos();
    for (Gateway g : nodes) {
      Await.until("the state to forget " + toxic + " once it left the routes", Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> {
        RouteState s = g.runtimeState().route("r");
        return s == null || s.toxic(toxic) == null;
      });
    }
  }

  private static List<String> onRoute(Gateway g) {
    return g.route("r").runtime().toxics().stream().map(t -> t.name()).toList();
  }

}
