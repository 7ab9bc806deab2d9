package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tcpgate.core.log.AccessLog;
import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.UnreachableBackends;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** After a scripted set of connections every counter has its exact value and every access log line its fields. */
class ObservabilityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static Logger accessLog() {
    return (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  }

  /**
   * Collects the access log's lines of connections that start from now on (at INFO) until {@code
   * accessLog().detachAppender} is called. The log is written in the background: a line of a connection an
   * earlier test's gateway still had can come after this began, and is not this test's.
   */
  private static ListAppender<ILoggingEvent> captureAccessLog() {
    Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ListAppender<ILoggingEvent> lines = new ListAppender<>() {
      @Override
      protected void append(ILoggingEvent line) {
        if (!Instant.parse(new JsonObject(line.getFormattedMessage()).getString("start")).isBefore(since)) {
          super.append(line);
        }
      }
    };
    lines.start();
    accessLog().addAppender(lines);
    accessLog().setLevel(Level.INFO);
    return lines;
  }

  @Test
  void metricsAndAccessLogAccountForEveryConnectionExactly() throws Exception {
    ListAppender<ILoggingEvent> lines = captureAccessLog();
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    try (ScriptedBackend echo = new ScriptedBackend(Behaviour.echo());
         ScriptedBackend resetter = new ScriptedBackend(Behaviour.afterReceiving(1, Behaviour.sendThenRst("bye".getBytes(StandardCharsets.US_ASCII))));
         UnreachableBackends down = new UnreachableBackends()) {
      String yaml = "admin: { host: 127.0.0.1, port: 0 }\nroutes:\n"
        + "  - { name: echo, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n"
        + "  - { name: resets, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + resetter.port() + "\" ] }\n"
        + "  - { name: down, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + down.refused().getPort() + "\" ] }\n";
      try (EmbeddedGateway gw = EmbeddedGateway.start(yaml)) {
        // 1. echo: 5 bytes up, 5 down, FIN both ways
        try (Socket c = Peers.connect(gw.address("echo"), WAIT)) {
          Peers.write(c, hello, WAIT);
          Peers.sendFin(c);
          assertThat(Peers.readToEof(c, WAIT)).isEqualTo(hello);
        }
        // 2. echo: the client resets after its 5 bytes came back
        Socket r = Peers.connect(gw.address("echo"), WAIT);
        Peers.write(r, hello, WAIT);
        Peers.readExactly(r, hello.length, WAIT);
        Peers.sendRst(r);
        // 3. the backend resets after sending 3 bytes
        try (Socket c = Peers.connect(gw.address("resets"), WAIT)) {
          Peers.write(c, new byte[] {1}, WAIT);
          assertThat(Peers.expectReset(c, WAIT)).hasSize(3);
        }
        // 4. no backend
        try (Socket c = Peers.connect(gw.address("down"), WAIT)) {
          Peers.expectEof(c, WAIT);
        }
        Await.until("four access log lines", WAIT, () -> lines.list.size() == 4);
        String metrics = AdminClient.get(gw.gateway().adminPort(), "/metrics");
        assertThat(metrics).contains("tcpgate_connections_total{route=\"echo\"} 2.0")
          .contains("tcpgate_connections_total{route=\"resets\"} 1.0")
          .contains("tcpgate_connections_total{route=\"down\"} 1.0")
          .contains("tcpgate_connections_live{route=\"echo\"} 0.0")
          .contains("tcpgate_bytes_total{direction=\"upstream\",route=\"echo\"} 10.0")
          .contains("tcpgate_bytes_total{direction=\"downstream\",route=\"echo\"} 10.0")
          .contains("tcpgate_bytes_total{direction=\"downstream\",route=\"resets\"} 3.0")
          .contains("tcpgate_closes_total{cause=\"completed\",route=\"echo\"} 1.0")
          .contains("tcpgate_closes_total{cause=\"client_reset\",route=\"echo\"} 1.0")
          .contains("tcpgate_closes_total{cause=\"backend_reset\",route=\"resets\"} 1.0")
          .contains("tcpgate_closes_total{cause=\"connect_failed\",route=\"down\"} 1.0")
          .contains("tcpgate_connect_failures_total{route=\"down\"} 1.0")
          .contains("tcpgate_backend_connect_seconds_count{route=\"echo\"} 2")
          .contains("jvm_memory_used_bytes");
        Map<String, JsonObject> byCause = lines.list.stream().map(e -> new JsonObject(e.getFormattedMessage()))
          .collect(Collectors.toMap(j -> j.getString("cause"), Function.identity()));
        assertThat(byCause.keySet()).containsExactlyInAnyOrder("completed", "client_reset", "backend_reset", "connect_failed");
        JsonObject done = byCause.get("completed");
        assertThat(done.getString("route")).isEqualTo("echo");
        assertThat(done.getLong("bytes_up")).isEqualTo(5);
        assertThat(done.getLong("bytes_down")).isEqualTo(5);
        assertThat(done.getString("backend")).isEqualTo("127.0.0.1:" + echo.port());
        assertThat(done.getString("client")).contains("127.0.0.1");
        assertThat(List.of(done.getString("client_sent"), done.getString("client_got"), done.getString("backend_sent"), done.getString("backend_got")))
          .containsExactly("fin", "fin", "fin", "fin");
        assertThat(done.getLong("duration_ms")).isBetween(0L, WAIT.toMillis());
        assertThat(done.getString("start")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonObject clientReset = byCause.get("client_reset");
        assertThat(clientReset.getString("client_sent")).isEqualTo("rst");
        assertThat(clientReset.getString("backend_got")).isEqualTo("rst");
        JsonObject backendReset = byCause.get("backend_reset");
        assertThat(backendReset.getString("backend_sent")).isEqualTo("rst");
        assertThat(backendReset.getString("client_got")).isEqualTo("rst");
        assertThat(backendReset.getLong("bytes_down")).isEqualTo(3);
        JsonObject failed = byCause.get("connect_failed");
        assertThat(failed.getValue("backend")).isNull();
        assertThat(failed.getString("client_got")).isEqualTo("fin");
        assertThat(failed.getString("backend_got")).isEqualTo("none");
      }
    } finally {
      accessLog().detachAppender(lines);
    }
  }


  /** Sends an API request; returns its status. */
  private static int api(int port, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT)
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void theConnectionsOfADeletedProxyEndAsAnAdminActionLikeThoseOfADisabledOne() throws Exception {
    ListAppender<ILoggingEvent> lines = captureAccessLog();
    try (ScriptedBackend echo = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      List<Socket> clients = new ArrayList<>();
      try {
        for (String proxy : List.of("deleted", "disabled")) {
          assertThat(api(admin, "POST", "/proxies", new JsonObject().put("name", proxy).put("listen", "127.0.0.1:0")
            .put("upstream", "127.0.0.1:" + echo.port()).encode())).isEqualTo(201);
          String[] listen = new JsonObject(AdminClient.get(admin, "/proxies/" + proxy)).getString("listen").split(":");
          clients.add(Peers.connect(new InetSocketAddress(listen[0], Integer.parseInt(listen[1])), WAIT));
        }
        Await.until("both connections relayed", WAIT, () -> echo.acceptedCount() == 2);
        assertThat(api(admin, "DELETE", "/proxies/deleted", null)).isEqualTo(204);
        assertThat(api(admin, "POST", "/proxies/disabled", "{\"enabled\":false}")).isEqualTo(200);
        for (Socket c : clients) {
          Peers.expectEof(c, WAIT);
        }
        Await.until("two access log lines", WAIT, () -> lines.list.size() == 2);
        Map<String, String> causeByRoute = lines.list.stream().map(e -> new JsonObject(e.getFormattedMessage()))
          .collect(Collectors.toMap(j -> j.getString("route"), j -> j.getString("cause")));
        assertThat(causeByRoute).containsEntry("deleted", "admin").containsEntry("disabled", "admin");
      } finally {
        clients.forEach(Peers::closeQuietly);
      }
    } finally {
      accessLog().detachAppender(lines);
    }
  }

  /**
   * Bytes the gateway reads after it ended their direction (here: the backend keeps sending after the
   * connection was closed with FIN through the API, while the gateway drains it) are dropped and not
   * counted as relayed: the access log and tcpgate_bytes_total show what the client got.
   */
  @Test
  void bytesReadWhileDrainingAreNotCountedAsRelayed() throws Exception {
    ListAppender<ILoggingEvent> lines = captureAccessLog();
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    CountDownLatch closed = new CountDownLatch(1);
    Behaviour helloThenMore = c -> {
      c.write(hello);
      closed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      c.write(new byte[1000]); // after the gateway's FIN: read and dropped while it drains
      c.sendFin();
    };
    try (ScriptedBackend backend = new ScriptedBackend(helloThenMore);
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes:\n"
           + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
         Socket c = Peers.connect(gw.address("r"), WAIT)) {
      assertThat(Peers.readExactly(c, hello.length, WAIT)).isEqualTo(hello);
      int port = gw.gateway().adminPort();
      long id = new JsonArray(AdminClient.get(port, "/connections")).getJsonObject(0).getLong("id");
      try (Socket http = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
        Peers.write(http, ("DELETE /connections/" + id + "?action=fin HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII), WAIT);
        assertThat(new String(Peers.readToEof(http, WAIT), StandardCharsets.US_ASCII)).startsWith("HTTP/1.0 204");
      }
      Peers.expectEof(c, WAIT);
      Peers.sendFin(c); // ends the gateway's drain of the client side
      closed.countDown();
      Await.until("the access log line", WAIT, () -> lines.list.size() == 1);
      JsonObject line = new JsonObject(lines.list.get(0).getFormattedMessage());
      assertThat(line.getLong("bytes_down")).as(line.encode()).isEqualTo(hello.length);
      assertThat(AdminClient.get(port, "/metrics"))
        .contains("tcpgate_bytes_total{direction=\"downstream\",route=\"r\"} 5.0");
    } finally {
      accessLog().detachAppender(lines);
    }
  }
}
