package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code tcpgate proxy|toxic|conn} drive a running gateway's API and report its errors. */
class CliTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void everyApiCommandPrintsItsHelpWithoutCallingTheApi() {
    String[][] commands = {{"proxy", "list"}, {"proxy", "inspect"}, {"proxy", "create"}, {"proxy", "toggle"}, {"proxy", "delete"},
      {"toxic", "add"}, {"toxic", "update"}, {"toxic", "remove"}, {"conn", "list"}, {"conn", "kill"}};
    for (String[] command : commands) {
      for (String flag : new String[] {"--help", "-h"}) {
        // no server is given and none listens on 127.0.0.1:1: an API call would fail with exit 1
        InProcess.Result help = InProcess.run(command[0], command[1], "--server", "127.0.0.1:1", flag);
        assertThat(help.code()).as("%s %s %s: %s", command[0], command[1], flag, help.err()).isZero();
        assertThat(help.out()).contains("Usage: tcpgate " + command[0] + " " + command[1]).contains("--server").contains("--help");
      }
    }
  }

  @Test
  void proxyToxicAndConnCommandsDriveTheApi() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      String server = "127.0.0.1:" + gw.gateway().adminPort();
      InProcess.Result created = InProcess.run("proxy", "create", "-s", server, "web", "-l", "127.0.0.1:0", "-u", "127.0.0.1:" + echo.port());
      assertThat(created.code()).as(created.err()).isZero();
      assertThat(InProcess.run("proxy", "list", "-s", server).out()).contains("web").contains("127.0.0.1:" + echo.port());
      InProcess.Result added = InProcess.run("toxic", "add", "-s", server, "-t", "latency", "-n", "slow", "-a", "latency=50", "web");
      assertThat(added.code()).as(added.err()).isZero();
      assertThat(added.out()).contains("downstream latency toxic 'slow'");
      assertThat(InProcess.run("toxic", "update", "-s", server, "-n", "slow", "-a", "latency=80", "web").code()).isZero();
      assertThat(gw.gateway().route("web").runtime().toxics().get(0).spec().entry().getJsonObject("attributes").getLong("latency")).isEqualTo(80);
      // toxiproxy-cli's long name for --tox
      InProcess.Result toxicity = InProcess.run("toxic", "update", "-s", server, "-n", "slow", "--toxicity", "0.5", "web");
      assertThat(toxicity.code()).as(toxicity.err()).isZero();
      assertThat(gw.gateway().route("web").runtime().toxics().get(0).spec().entry().getDouble("toxicity")).isEqualTo(0.5);
      assertThat(InProcess.run("toxic", "update", "-s", server, "-n", "slow", "--tox", "1", "web").code()).isZero();
      InProcess.Result inspected = InProcess.run("proxy", "inspect", "-s", server, "web");
      assertThat(inspected.code()).as(inspected.err()).isZero();
      assertThat(inspected.out()).contains("web: listen 127.0.0.1:").contains("upstream 127.0.0.1:" + echo.port()).contains("enabled")
        .containsPattern("slow +downstream +latency +1\\.0 +jitter=0 latency=80");
      assertThat(InProcess.run("proxy", "inspect", "-s", server, "nope").code()).as("an unknown proxy").isEqualTo(1);

      InetSocketAddress listen = new InetSocketAddress("127.0.0.1", gw.gateway().route("web").boundAddress().port());
      try (Socket s = Peers.connect(listen, WAIT)) {
        Peers.write(s, new byte[] {1}, WAIT);
        Peers.readExactly(s, 1, WAIT);
        InProcess.Result conns = InProcess.run("conn", "list", "-s", server);
        assertThat(conns.out()).contains("web").contains("open").contains("slow");
        long id = gw.gateway().route("web").runtime().connections().iterator().next().id();
        assertThat(InProcess.run("conn", "kill", "-s", server, "--rst", String.valueOf(id)).code()).isZero();
        Peers.expectReset(s, WAIT);
      }
      assertThat(InProcess.run("toxic", "remove", "-s", server, "-n", "slow", "web").code()).isZero();
      assertThat(InProcess.run("proxy", "inspect", "-s", server, "web").out()).contains("no toxics");
      assertThat(InProcess.run("proxy", "toggle", "-s", server, "web").out()).contains("disabled");
      assertThat(gw.gateway().route("web").enabled()).isFalse();
      assertThat(InProcess.run("proxy", "delete", "-s", server, "web").code()).isZero();
      assertThat(gw.gateway().routes()).isEmpty();
    }
  }

  @Test
  void connListShowsADashWhereARowHasNoBackendOrNoCounts() throws Exception {
    // what GET /connections gives for a connection still connecting, and for one whose event loop did not answer in time
    String rows = "[{\"id\":1,\"route\":\"web\",\"client\":\"127.0.0.1:40000\",\"backend\":null,\"bytes_upstream\":0,"
      + "\"bytes_downstream\":0,\"client_fin\":false,\"backend_fin\":false,\"toxics\":[],\"state\":\"open\",\"age_ms\":3},"
      + "{\"id\":2,\"route\":\"web\",\"client\":\"127.0.0.1:40001\",\"state\":\"open\",\"age_ms\":5}]";
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext("/connections", exchange -> {
      byte[] body = rows.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    api.start();
    try {
      InProcess.Result conns = InProcess.run("conn", "list", "-s", "127.0.0.1:" + api.getAddress().getPort());
      assertThat(conns.code()).as(conns.err()).isZero();
      assertThat(conns.out()).doesNotContain("null");
      assertThat(conns.out().lines().filter(l -> l.startsWith("1 ")).findFirst().orElseThrow().split(" +"))
        .containsSubsequence("127.0.0.1:40000", "-", "0", "0", "-", "open");
      assertThat(conns.out().lines().filter(l -> l.startsWith("2 ")).findFirst().orElseThrow().split(" +"))
        .containsSubsequence("127.0.0.1:40001", "-", "-", "-", "-", "open");
    } finally {
      api.stop(0);
    }
  }

  @Test
  void theCommandsSendTheAdminTokenFromTokenOrTheEnvironment() throws Exception {
    String token = "cli-token-0123456789";
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0, token: \"" + token + "\" }\nroutes: []\n")) {
      String server = "127.0.0.1:" + gw.gateway().adminPort();
      String upstream = "127.0.0.1:" + echo.port();
      InProcess.Result refused = InProcess.run("proxy", "create", "-s", server, "a", "-l", "127.0.0.1:0", "-u", upstream);
      assertThat(refused.code()).isEqualTo(1);
      assertThat(refused.err()).contains("missing bearer token").contains("HTTP 401");
      InProcess.Result created = InProcess.run("proxy", "create", "-s", server, "--token", token, "a", "-l", "127.0.0.1:0", "-u", upstream);
      assertThat(created.code()).as(created.err()).isZero();
      assertThat(gw.gateway().route("a")).isNotNull();

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "proxy", "delete", "-s", server, "a").redirectErrorStream(true);
      pb.environment().put("TCPGATE_ADMIN_TOKEN", token);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(gw.gateway().route("a")).as("deleted with the token of $TCPGATE_ADMIN_TOKEN").isNull();
    }
  }

  @Test
  void anApiErrorExitsWithOneAndPrintsToxiproxysMessage() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      InProcess.Result r = InProcess.run("toxic", "remove", "-s", "127.0.0.1:" + gw.gateway().adminPort(), "-n", "x", "nope");
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err()).contains("proxy not found (HTTP 404)");
    }
  }

  /**
   * A {@code --server} that is no HOST:PORT is a bad argument (exit 2) named as such, and an API that
   * cannot be reached says why (exit 1); both printed stack traces or a bare exception name.
   */
  @Test
  void aBadServerOrAnUnreachableApiIsExplained() throws Exception {
    for (String bad : new String[] {"a b", "127.0.0.1:99999", "127.0.0.1", "unix:/tmp/x"}) {
      InProcess.Result r = InProcess.run("proxy", "list", "--server", bad);
      assertThat(r.code()).as(bad + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).as(bad).startsWith("tcpgate: --server: ").doesNotContain("Exception").doesNotContain("\tat ");
    }
    int refusing = FreePorts.freePort(); // nothing listens there
    InProcess.Result refused = InProcess.run("proxy", "list", "--server", "127.0.0.1:" + refusing);
    assertThat(refused.code()).as(refused.err()).isEqualTo(1);
    assertThat(refused.err()).startsWith("tcpgate: cannot reach the API at 127.0.0.1:" + refusing + ": connection refused (");
  }
}
