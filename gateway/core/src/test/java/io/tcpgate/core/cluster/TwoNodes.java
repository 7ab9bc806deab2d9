package io.tcpgate.core.cluster;

import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import io.vertx.core.Future;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The set-up of two cluster nodes in this JVM, on {@value #A} and {@value #B}: a cluster name of their
 * own, Hazelcast ports (and the second node's route ports) from one probe per address, so no number comes
 * twice, and each node's config (no admin API, no reload, one event loop).
 */
final class TwoNodes {
  static final String A = "127.0.0.6";
  static final String B = "127.0.0.7";
  /** Longest wait for a node's start, a change or a future. */
  static final Duration WAIT = Duration.ofSeconds(30);

  private final String cluster;
  private final int clusterPortA;
  private final int clusterPortB;
  private final List<Integer> routePortsB;

  /** Two nodes of a new cluster; {@code routePortsOnB} free ports on {@value #B} for the second node's routes. */
  TwoNodes(int routePortsOnB) {
    cluster = "test-" + UUID.randomUUID();
    clusterPortA = FreePorts.distinctFreePorts(A, 1).get(0);
    List<Integer> portsB = FreePorts.distinctFreePorts(B, routePortsOnB + 1);
    clusterPortB = portsB.get(0);
    routePortsB = portsB.subList(1, portsB.size());
  }

  /** The free ports on {@value #B} for the second node's routes. */
  List<Integer> routePortsB() {
    return routePortsB;
  }

  /** The config of the node on {@code host} ({@link #A} or {@link #B}) with {@code routes}, the {@code routes:} items as YAML lines. */
  String config(String host, String routes) {
    return config(host, cluster, routes);
  }

  /** Like {@link #config(String, String)}, in the cluster named {@code clusterName} (the same members). */
  String config(String host, String clusterName, String routes) {
    String members = "[ \"" + A + ":" + clusterPortA + "\", \"" + B + ":" + clusterPortB + "\" ]";
    int port = host.equals(A) ? clusterPortA : clusterPortB;
    return "admin: { enabled: false }\nreload: { scan-period: 0 }\nevent-loops: 1\n"
      + "cluster: { enabled: true, name: " + clusterName + ", host: " + host + ", port: " + port + ", members: " + members + " }\n"
      + "routes:\n" + routes;
  }

  /** A route's item for {@link #config}: listening on {@code host:port}, relaying to {@code 127.0.0.1:backendPort}. */
  static String route(String name, String host, int port, int backendPort) {
    return "  - { name: " + name + ", listen: \"" + host + ":" + port + "\", backends: [ \"127.0.0.1:" + backendPort + "\" ] }\n";
  }

  /** What a new connection to {@code address} echoes for "ping" (through a route to an echo backend). */
  static String echo(InetSocketAddress address) throws Exception {
    try (Socket s = Peers.connect(address, WAIT)) {
      Peers.write(s, "ping".getBytes(), WAIT);
      return new String(Peers.readExactly(s, 4, WAIT));
    }
  }

  static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
