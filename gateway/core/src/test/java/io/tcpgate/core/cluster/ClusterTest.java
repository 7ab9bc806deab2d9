package io.tcpgate.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
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
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway nodes in separate JVMs on 127.0.0.2-5 form a cluster; a toxic added through node 1's
 * Toxiproxy API acts on live connections through nodes 2 and 3 within a measured bound, and its
 * removal too; state survives a SIGKILL of node 1; a late node gets the state and can change it.
 */
class ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(2);
  private static final int CHANGES = 20;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir
  Path dir;

  /** One node: its address, ports, config file. */
  private record Node(String host, int admin, int cluster, int route) {
    String base() {
      return "http://" + host + ":" + admin;
    }
  }

  @Test
  void aToxicReachesEveryNodeStateSurvivesAKilledNodeAndALateNodeGetsIt() throws Exception {
    String name = "test-" + UUID.randomUUID();
    List<Node> nodes = new ArrayList<>();
    for (int i = 2; i <= 5; i++) {
      String host = "127.0.0." + i;
      List<Integer> ports = FreePorts.distinctFreePorts(host, 3); // no number twice on one node
      nodes.add(new Node(host, ports.get(0), ports.get(1), ports.get(2)));
    }
    List<NodeProcess> procs = new ArrayList<>();
    boolean passed = false;
    try (EchoServer backend = new EchoServer()) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 3; i++) {
        procs.add(start(i, nodes, name, backend));
      }
      for (NodeProcess p : procs) {
        p.awaitReady(WAIT);
      }
      Await.until("3 members on every node", WAIT, () -> nodes.subList(0, 3).stream().allMatch(n -> clusterSize(n) == 3));
      long formationMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("cluster formation, 3 JVMs started together, until all see 3 members: %d ms%n", formationMs);

      for (int i = 0; i < 3; i++) {
        String own = nodes.get(i).host() + ":";
        List<String> listening = ListeningSockets.of(procs.get(i).pid());
        System.out.printf("node %d listens on %s%n", i + 1, listening);
        assertThat(listening).as("node %d listens only on its own address", i + 1).hasSize(3).allMatch(a -> a.startsWith(own));
        echoes(nodes.get(i));
      }

      // live connections through nodes 2 and 3, opened before any change: they show a toxic by its effect
      List<Socket> live = new ArrayList<>();
      for (Node n : nodes.subList(1, 3)) {
        live.add(Peers.connect(new InetSocketAddress(n.host(), n.route()), WAIT));
      }
      List<Long> add = new ArrayList<>();
      List<Long> remove = new ArrayList<>();
      for (int c = 0; c < CHANGES; c++) {
        String toxic = "t" + c;
        long s = System.nanoTime();
        addToxic(nodes.get(0), toxic);
        awaitEcho(live, "PING");
        add.add((System.nanoTime() - s) / 1_000);
        s = System.nanoTime();
        removeToxic(nodes.get(0), toxic);
        awaitEcho(live, "ping");
        remove.add((System.nanoTime() - s) / 1_000);
      }
      report("add (POST on node 1's API until live connections through nodes 2 and 3 show it)", add);
      report("remove (DELETE on node 1's API until they no longer do)", remove);
      assertThat(Collections.max(add)).isLessThan(PROPAGATION_BOUND.toNanos() / 1_000);
      assertThat(Collections.max(remove)).isLessThan(PROPAGATION_BOUND.toNanos() / 1_000);
      for (Socket l : live) {
        l.close();
      }

      addToxic(nodes.get(0), "keep");
      awaitOn(nodes.subList(1, 3), t -> t.contains("keep"));
      procs.get(0).kill();
      for (Node n : nodes.subList(1, 3)) {
        assertThat(echo(n)).as("node %s serves with the toxic after node 1 was killed", n.host()).isEqualTo("PING");
        assertThat(toxics(n)).containsExactly("keep");
      }
      long j0 = System.nanoTime();
      procs.add(start(3, nodes, name, backend));
      procs.get(3).awaitReady(WAIT);
      System.out.printf("late node 4: ready with the state in %d ms%n", (System.nanoTime() - j0) / 1_000_000);
      assertThat(toxics(nodes.get(3))).as("the late node has the state when it is ready").containsExactly("keep");
      assertThat(echo(nodes.get(3))).as("the late node's first connection").isEqualTo("PING");
      Await.until("node 1 to leave the view of nodes 2-4", WAIT, () -> nodes.subList(1, 4).stream().allMatch(n -> clusterSize(n) == 3));
      removeToxic(nodes.get(3), "keep");
      // the DELETE answers once the change is in force on node 4; nodes 2 and 3 apply it once it reaches them
      assertThat(echo(nodes.get(3))).as("node 4 once its DELETE answered").isEqualTo("ping");
      for (Node n : nodes.subList(1, 3)) {
        int behind = awaitNewEcho(n, "ping");
        System.out.printf("node %s: %d new connection(s) still through the toxic after node 4's DELETE answered%n", n.host(), behind);
      }
      passed = true;
    } finally {
      for (NodeProcess p : procs) {
        p.close();
      }
      if (!passed) { // the nodes' own account goes into the report; their temp dir goes with the test
        procs.forEach(NodeProcess::printLog);
      }
    }
  }

  private NodeProcess start(int i, List<Node> nodes, String name, EchoServer backend) throws Exception {
    Node n = nodes.get(i);
    List<String> members = new ArrayList<>();
    nodes.subList(0, Math.max(3, i + 1)).forEach(m -> members.add("\"" + m.host() + ":" + m.cluster() + "\""));
    Path config = dir.resolve("node" + (i + 1) + ".yaml");
    Files.writeString(config, "admin: { host: " + n.host() + ", port: " + n.admin() + " }\n"
      + "node-address: " + n.host() + "\nreload: { scan-period: 0 }\nevent-loops: 1\n"
      + "cluster: { enabled: true, name: " + name + ", host: " + n.host() + ", port: " + n.cluster()
      + ", members: [ " + String.join(", ", members) + " ] }\n"
      + "routes:\n  - { name: r, listen: \"0.0.0.0:" + n.route() + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
    return new NodeProcess("node" + (i + 1), config, dir.resolve("node" + (i + 1) + ".log"));
  }

  private void addToxic(Node n, String toxic) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.base() + "/proxies/r/toxics")).timeout(Duration.ofSeconds(10))
      .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("name", toxic).put("type", "test-upcase").encode())).build(),
      HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST toxic %s on %s: %s", toxic, n.host(), r.body()).isEqualTo(200);
  }

  private void removeToxic(Node n, String toxic) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(n.base() + "/proxies/r/toxics/" + toxic)).timeout(Duration.ofSeconds(10))
      .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("DELETE toxic %s on %s: %s", toxic, n.host(), r.body()).isEqualTo(204);
  }

  /** Sends "ping" on each live connection until each echoes {@code expected} (bounded: 5 x the propagation bound). */
  private static void awaitEcho(List<Socket> live, String expected) throws Exception {
    long deadline = System.nanoTime() + PROPAGATION_BOUND.multipliedBy(5).toNanos();
    for (Socket s : live) {
      String got = null;
      while (!expected.equals(got) && System.nanoTime() < deadline) {
        Peers.write(s, "ping".getBytes(), WAIT);
        got = new String(Peers.readExactly(s, 4, WAIT));
      }
      assertThat(got).as("echo through %s", s.getRemoteSocketAddress()).isEqualTo(expected);
    }
  }

  /**
   * Opens connections through {@code n} until one echoes {@code expected} (bounded: 5 x the propagation bound,
   * 1,000 connections): a change made through another node's API is in force here a moment later. Returns how
   * many echoed something else first.
   */
  private static int awaitNewEcho(Node n, String expected) throws Exception {
    long deadline = System.nanoTime() + PROPAGATION_BOUND.multipliedBy(5).toNanos();
    int other = 0;
    String got = echo(n);
    while (!expected.equals(got) && other < 1_000 && System.nanoTime() < deadline) {
      other++;
      got = echo(n);
    }
    assertThat(got).as("new connections through node %s after %d that echoed otherwise", n.host(), other).isEqualTo(expected);
    return other;
  }

  private void awaitOn(List<Node> on, Predicate<List<String>> seen) {
    for (Node n : on) {
      Await.until("a change to reach " + n.host(), PROPAGATION_BOUND.multipliedBy(5), () -> seen.test(toxics(n)));
    }
  }

  private List<String> toxics(Node n) {
    try {
      JsonArray routes = new JsonArray(get(n.base() + "/routes"));
      List<String> out = new ArrayList<>();
      routes.getJsonObject(0).getJsonArray("toxics").forEach(t -> out.add((String) t));
      return out;
    } catch (Exception e) {
      return List.of("unreachable: " + e);
    }
  }

  private int clusterSize(Node n) {
    try {
      return new JsonObject(get(n.base() + "/cluster")).getInteger("size", 0);
    } catch (Exception e) {
      return -1;
    }
  }

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void echoes(Node n) throws Exception {
    assertThat(echo(n)).isEqualTo("ping");
  }

  /** What a new connection through {@code n}'s route echoes for "ping". */
  private static String echo(Node n) throws Exception {
    try (Socket s = Peers.connect(new InetSocketAddress(n.host(), n.route()), WAIT)) {
      Peers.write(s, "ping".getBytes(), WAIT);
      return new String(Peers.readExactly(s, 4, WAIT));
    }
  }

  private static void report(String what, List<Long> micros) {
    List<Long> sorted = new ArrayList<>(micros);
    Collections.sort(sorted);
    System.out.printf("propagation %s over %d changes: median %.1f ms, max %.1f ms%n", what, sorted.size(),
      sorted.get(sorted.size() / 2) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
  }
}
