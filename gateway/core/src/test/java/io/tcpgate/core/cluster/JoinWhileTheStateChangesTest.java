package io.tcpgate.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.state.RouteState;
import io.tcpgate.core.state.RuntimeState;
import io.tcpgate.core.state.Toxic;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int ROUTES = 30;
  private static final int ROUNDS = 3;
  private static final String A = "127.0.0.6";
  private static final String B = "127.0.0.7";

  @Test
  void aNodeStartingWhileToxicsOfFileRoutesChangeStartsWithTheStateApplied() throws Exception {
    String cluster = "join-" + UUID.randomUUID();
    int clusterA = FreePorts.distinctFreePorts(A, 1).get(0);
    List<Integer> portsB = FreePorts.distinctFreePorts(B, ROUTES + 1); // no number twice: two routes cannot share one
    int clusterB = portsB.get(0);
    List<Integer> routePortsB = portsB.subList(1, ROUTES + 1);
    String members = "[ \"" + A + ":" + clusterA + "\", \"" + B + ":" + clusterB + "\" ]";
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway a = EmbeddedGateway.start(config(A, clusterA, cluster, members, backend, null))) {
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
          b = EmbeddedGateway.start(config(B, clusterB, cluster, members, backend, routePortsB));
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

  private static String config(String host, int clusterPort, String cluster, String members, EchoServer backend, List<Integer> routePorts) {
    StringBuilder c = new StringBuilder("admin: { enabled: false }\nreload: { scan-period: 0 }\nevent-loops: 1\n"
      + "cluster: { enabled: true, name: " + cluster + ", host: " + host + ", port: " + clusterPort + ", members: " + members + " }\n"
      + "routes:\n");
    for (int i = 0; i < ROUTES; i++) {
      int port = routePorts == null ? 0 : routePorts.get(i);
      c.append("  - { name: r").append(i).append(", listen: \"").append(host).append(':').append(port)
        .append("\", backends: [ \"127.0.0.1:").append(backend.port()).append("\" ] }\n");
    }
    return c.toString();
  }

  private static String echo(InetSocketAddress address) throws Exception {
    try (Socket s = Peers.connect(address, WAIT)) {
      Peers.write(s, "ping".getBytes(), WAIT);
      return new String(Peers.readExactly(s, 4, WAIT));
    }
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
