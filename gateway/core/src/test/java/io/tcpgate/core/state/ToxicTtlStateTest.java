package io.tcpgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A toxic's ttl in the runtime state: the state forgets the toxic when the countdown that removed it
 * from the route ran out, an update that keeps the ttl keeps that countdown, and a toxic deleted and
 * created again counts from its new creation (README, "API"; CLUSTER.md, "Toxic ttl").
 */
class ToxicTtlStateTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long TTL = 2_000;
  /** How long after the toxic left the route the state may still hold it (its removal is stored then). */
  private static final Duration FORGOTTEN = Duration.ofMillis(500);

  private static EmbeddedGateway gateway(EchoServer backend) throws Exception {
    return EmbeddedGateway.start("admin: { enabled: false }\nevent-loops: 1\nroutes:\n"
      + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
  }

  private static Toxic toxic(String name, int n) {
    return new Toxic(name, "test-upcase", new JsonObject().put("ttl", TTL).put("attributes", new JsonObject().put("n", n)));
  }

  @Test
  void anUpdateKeepingTheTtlKeepsTheCountdownAndTheStateForgetsTheToxicWhenItRunsOut() throws Exception {
    try (EchoServer backend = new EchoServer(); EmbeddedGateway gw = gateway(backend)) {
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();
      long created = addedHalfATtlAgo(state, "kept");
      get(state.updateToxic("r", toxic("kept", 2)));
      assertThat(onRoute(g)).containsExactly("kept");

      Await.until("the toxic to leave the route", WAIT, () -> !onRoute(g).contains("kept"));
      long ms = (System.nanoTime() - created) / 1_000_000;
      assertThat(ms).as("ms from the create, not from the update").isBetween(TTL - 50, TTL + TTL / 2 - 200);
      Await.until("the state to forget the toxic once it left the route", FORGOTTEN, () -> !inState(state, "kept"));

      get(state.addToxic("r", new Toxic("other", "test-upcase", new JsonObject())));
      assertThat(onRoute(g)).as("the toxic that ran out does not come back with another change").containsExactly("other");
      get(state.addToxic("r", toxic("kept", 3))); // no CONFLICT: it is gone
      assertThat(onRoute(g)).containsExactly("other", "kept");
    }
  }

  @Test
  void aToxicDeletedAndCreatedAgainCountsItsTtlFromItsNewCreation() throws Exception {
    try (EchoServer backend = new EchoServer(); EmbeddedGateway gw = gateway(backend)) {
      Gateway g = gw.gateway();
      RuntimeState state = g.runtimeState();

      // the delete applied here before the create
      addedHalfATtlAgo(state, "again");
      get(state.removeToxic("r", "again"));
      long again = System.nanoTime();
      get(state.addToxic("r", toxic("again", 1)));
      assertLastsItsTtlFrom(g, state, "again", again);

      // both stored before this node applies either (as a node that gets them together)
      addedHalfATtlAgo(state, "again2");
      Promise<Long> both = Promise.promise();
      gw.vertx().runOnContext(v -> { // the node applies changes on its one event loop: not between these two
        state.removeToxic("r", "again2");
        long at = System.nanoTime();
        state.addToxic("r", toxic("again2", 1)).onComplete(ar -> both.complete(at));
      });
      long again2 = get(both.future());
      assertThat(inState(state, "again2")).isTrue();
      assertLastsItsTtlFrom(g, state, "again2", again2);
    }
  }

  @Test
  void aToxicStoredWithoutACountdownIdLeavesTheRouteAtItsTtlAndTheStateForgetsIt() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (EchoServer backend = new EchoServer()) {
      // as an older build stored a toxic with a ttl: no countdown id
      LocalStateStore store = new LocalStateStore();
      get(store.update("r", s -> s.withToxic(toxic("old", 1), "an older node")));
      long started = System.nanoTime();
      Gateway g = GatewayOnStore.start(vertx, store, "r", 0, backend.port());
      assertThat(onRoute(g)).containsExactly("old");

      assertLastsItsTtlFrom(g, g.runtimeState(), "old", started);
      get(g.stop());
    } finally {
      get(vertx.close());
    }
  }

  /** Adds toxic {@code name} (n = 1) and returns once half its ttl has passed: when it was added ({@code System.nanoTime()}). */
  private static long addedHalfATtlAgo(RuntimeState state, String name) throws Exception {
    long added = System.nanoTime();
    get(state.addToxic("r", toxic(name, 1)));
    Await.until("half the ttl", WAIT, () -> System.nanoTime() - added >= TTL / 2 * 1_000_000);
    return added;
  }

  /** The toxic acts for its ttl from {@code since}, then leaves the route, and the state forgets it. */
  private static void assertLastsItsTtlFrom(Gateway g, RuntimeState state, String name, long since) {
    Await.until(name + " to leave the route", WAIT, () -> !onRoute(g).contains(name));
    long ms = (System.nanoTime() - since) / 1_000_000;
    assertThat(ms).as("%s: ms on the route from its new creation", name).isGreaterThanOrEqualTo(TTL - 50);
    Await.until("the state to forget " + name + " once it left the route", FORGOTTEN, () -> !inState(state, name));
  }

  private static List<String> onRoute(Gateway g) {
    return g.route("r").runtime().toxics().stream().map(t -> t.name()).toList();
  }

  private static boolean inState(RuntimeState state, String name) {
    RouteState s = state.route("r");
    return s != null && s.toxic(name) != null;
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
