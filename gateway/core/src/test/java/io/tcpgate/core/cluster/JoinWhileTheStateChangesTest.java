package io.tcpgate.core.cluster;

import static io.tcpgate.core.cluster.TwoNodes.echo;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Two cluster nodes in this JVM (127.0.0.6 and 127.0.0.7): while toxics of the file routes keep changing
 * through the first, the second starts, again and again; it starts every time, each route listening with
 * the state's toxics on (CLUSTER.md, "Late join").
 */
class JoinWhileTheStateChangesTest {
  private static final Duration WAIT = TwoNodes.WAIT;
  private static final int ROUTES = 30;
  private static final int ROUNDS = 3;

  @Test
  void aNodeStartingWhileToxicsOfFileRoutesChangeStartsWithTheStateApplied() throws Exception {
    TwoNodes nodes = new TwoNodes(ROUTES); // no number twice: two routes cannot share one
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway a = EmbeddedGateway.start(nodes.config(TwoNodes.A, routes(TwoNodes.A, null, backend)))) {
      RuntimeState state = a.gateway().runtimeState();
      for (int round = 0; round < ROUNDS; round++) {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger changes = new AtomicInteger();
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        // toxics of the file routes come and go, through the first node, for as long as the second starts
        Thread writer = new Thread(() -> {
          try {
            for (int i = 0; !stop.get(); i++) {
              String route = "r" + (i % ROUTES);
              RouteState s = state.route(route);
              if (s != null && s.toxic("t") != null) {
                get(state.removeToxic(route, "t"));
              } else {
                get(state.addToxic(route, new Toxic("t", "test-upcase", new JsonObject())));
              }
              changes.incrementAndGet();
            }
          } catch (Throwable e) {
            writerFailed.set(e);
          }
        }, "state-writer");
        writer.start();
        Await.until("changes to be under way", WAIT, () -> changes.get() > ROUTES || writerFailed.get() != null);
        int before = changes.get();
        EmbeddedGateway b;
        try {
          b = EmbeddedGateway.start(nodes.config(TwoNodes.B, routes(TwoNodes.B, nodes.routePortsB(), backend)));
        } catch (RuntimeException e) {
          throw new AssertionError("round " + round + ": the second node did not start while the state changed: " + e.getMessage(), e);
        } finally {
          stop.set(true);
          writer.join(WAIT.toMillis());
        }
        try (b) {
          assertThat(writerFailed.get()).as("the writer").isNull();
          int during = changes.get() - before;
          System.out.printf("round %d: the second node started; %d state changes during its start%n", round, during);
          assertThat(during).as("changes stored while the second node started").isPositive();
          Gateway g = b.gateway();
          for (int i = 0; i < ROUTES; i++) {
            String route = "r" + i;
            Await.until("route " + route + " on the second node to listen with the state's toxics", WAIT, () -> {
              Gateway.RunningRoute r = g.route(route);
              RouteState s = state.route(route);
              List<String> wanted = s == null ? List.of() : s.toxics().stream().map(Toxic::name).toList();
              return r != null && r.enabled() && r.runtime().toxics().stream().map(t -> t.name()).toList().equals(wanted);
            });
          }
          assertThat(echo(b.address("r0"))).as("the second node's r0 as the state says").isEqualTo(
            state.route("r0") == null ? "ping" : "PING");
        }
      }
    }
  }

  /** The routes r0 to r{@value #ROUTES}-1 on {@code host}, on {@code ports} (null: any free port). */
  private static String routes(String host, List<Integer> ports, EchoServer backend) {
    StringBuilder routes = new StringBuilder();
    for (int i = 0; i < ROUTES; i++) {
      routes.append(TwoNodes.route("r" + i, host, ports == null ? 0 : ports.get(i), backend.port()));
    }
    return routes.toString();
  }
}
