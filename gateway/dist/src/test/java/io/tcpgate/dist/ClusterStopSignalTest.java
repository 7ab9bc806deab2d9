package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.StreamDigest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cluster nodes, each a {@code tcpgate run} process on 127.0.0.2-4: SIGTERM to one drains that
 * node's live connections (every byte, then FIN) and it exits 0, leaving the cluster; the other two keep
 * the shared toxic and serve with it.
 */
class ClusterStopSignalTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Live streaming connections through the stopped node when SIGTERM arrives. */
  private static final int STREAMS = 10;
  /** The shared toxic's latency, ms. */
  private static final int LATENCY = 300;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  /** One node: its address and its admin, cluster and route ports. */
  private record Node(String host, int admin, int cluster, int route) {
    String api(String path) {
      return "http://" + host + ":" + admin + path;
    }

    InetSocketAddress routeAddress() {
      return new InetSocketAddress(host, route);
    }
  }

  @Test
  void sigtermDrainsTheNodesConnectionsWhileTheOthersKeepTheSharedToxicAndServe() throws Exception {
    Payload down = Payload.of(3, 300_000);
    List<Node> nodes = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      List<Integer> ports = FreePorts.distinctFreePorts("127.0.0." + i, 3); // no number twice on one node
      nodes.add(new Node("127.0.0." + i, ports.get(0), ports.get(1), ports.get(2)));
    }
    String name = "test-" + UUID.randomUUID();
    List<Process> procs = new ArrayList<>();
    ExecutorService readers = Executors.newFixedThreadPool(STREAMS);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(down.toByteArray()))) {
      for (int i = 0; i < nodes.size(); i++) {
        procs.add(start(i, nodes, name, backend.address()));
      }
      Await.until("3 members on every node", WAIT, () -> nodes.stream().allMatch(n -> clusterSize(n) == 3));
      addLatency(nodes.get(0));
      Await.until("the toxic on every node", WAIT, () -> nodes.stream().allMatch(n -> toxics(n).contains("slow")));

      Node stopped = nodes.get(2);
      List<CompletableFuture<StreamDigest>> streams = SlowStreams.open(stopped.routeAddress(), STREAMS, 200_000, readers, WAIT); // ~1.5 s each
      procs.get(2).destroy(); // SIGTERM
      PortChecks.waitUntilRefused(stopped.routeAddress(), WAIT);
      for (CompletableFuture<StreamDigest> s : streams) {
        assertThat(s.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("a stream through the stopped node, then FIN").isEqualTo(down.digest());
      }
      assertThat(procs.get(2).waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the stopped node exits").isTrue();
      assertThat(procs.get(2).exitValue()).as(GatewayProcess.read(log(2))).isZero();

      for (Node n : nodes.subList(0, 2)) {
        Await.until(n.host() + " to see the stopped node leave", WAIT, () -> clusterSize(n) == 2);
        assertThat(toxics(n)).as("the toxics on %s", n.host()).containsExactly("slow");
        try (Socket c = Peers.connect(n.routeAddress(), WAIT)) {
          long t0 = System.nanoTime();
          Peers.readExactly(c, 1, WAIT);
          assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to the first byte through %s (latency %d ms)", n.host(), LATENCY)
            .isGreaterThanOrEqualTo(LATENCY - 50);
          Peers.readToEof(c, WAIT);
        }
      }
    } finally {
      readers.shutdownNow();
      for (Process p : procs) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Process start(int i, List<Node> nodes, String name, InetSocketAddress backend) throws Exception {
    Node n = nodes.get(i);
    List<String> members = nodes.stream().map(m -> "\"" + m.host() + ":" + m.cluster() + "\"").toList();
    Path conf = dir.resolve("node" + (i + 1) + ".yaml");
    Files.writeString(conf, "admin: { host: " + n.host() + ", port: " + n.admin() + " }\n"
      + "reload: { scan-period: 0 }\nevent-loops: 1\nshutdown: { drain-timeout: 20s, action: fin }\n"
      + "cluster: { enabled: true, name: " + name + ", host: " + n.host() + ", port: " + n.cluster()
      + ", members: [ " + String.join(", ", members) + " ] }\n"
      + "routes:\n  - { name: r, listen: \"" + n.host() + ":" + n.route() + "\", backends: [ \"127.0.0.1:" + backend.getPort() + "\" ] }\n");
    return GatewayProcess.start(conf, log(i), n.routeAddress(), WAIT);
  }

  private Path log(int i) {
    return dir.resolve("node" + (i + 1) + ".log");
  }

  private void addLatency(Node n) throws Exception {
    JsonObject toxic = new JsonObject().put("name", "slow").put("type", "latency").put("attributes", new JsonObject().put("latency", LATENCY));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.api("/proxies/r/toxics"))).timeout(Duration.ofSeconds(10))
      .POST(HttpRequest.BodyPublishers.ofString(toxic.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST toxic on %s: %s", n.host(), r.body()).isEqualTo(200);
  }

  private List<String> toxics(Node n) {
    try {
      List<String> out = new ArrayList<>();
      new JsonArray(get(n.api("/proxies/r/toxics"))).forEach(t -> out.add(((JsonObject) t).getString("name")));
      return out;
    } catch (Exception e) {
      return List.of("unreachable: " + e);
    }
  }

  private int clusterSize(Node n) {
    try {
      return new JsonObject(get(n.api("/cluster"))).getInteger("size", 0);
    } catch (Exception e) {
      return -1;
    }
  }

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }
}
