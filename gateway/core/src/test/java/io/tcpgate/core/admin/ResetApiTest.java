package io.tcpgate.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.Peers;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code POST /reset} does all it can, and says which proxies it could not enable again. */
class ResetApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aResetThatCannotEnableAProxyAgainNamesItAndWhyAfterDoingTheRest() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      String upstream = "127.0.0.1:" + echo.port();
      for (String name : new String[] {"taken", "free"}) {
        ok(call(admin, "POST", "/proxies", new JsonObject().put("name", name).put("upstream", upstream).encode()), 201);
        ok(call(admin, "POST", "/proxies/" + name + "/toxics", "{\"name\":\"upcase\",\"type\":\"test-upcase\"}"), 200);
        ok(call(admin, "PATCH", "/proxies/" + name, "{\"enabled\":false}"), 200);
      }
      InetSocketAddress takenAt = listen(proxy(admin, "taken"));
      InetSocketAddress freeAt = listen(proxy(admin, "free"));
      try (ServerSocket other = new ServerSocket(takenAt.getPort(), 1, InetAddress.getByName("127.0.0.1"))) {
        HttpResponse<String> r = call(admin, "POST", "/reset", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getInteger("status")).isEqualTo(500);
        assertThat(error.getString("error")).as("names the proxy, its address and why")
          .contains("'taken'").contains("127.0.0.1:" + takenAt.getPort()).containsIgnoringCase("in use")
          .doesNotContain("'free'");
        assertThat(proxy(admin, "taken").getBoolean("enabled")).isFalse();
        assertThat(proxy(admin, "taken").getJsonArray("toxics")).as("its toxics removed all the same").isEmpty();
        assertThat(proxy(admin, "free").getJsonArray("toxics")).isEmpty();
        assertThat(proxy(admin, "free").getBoolean("enabled")).as("the other proxy enabled again").isTrue();
        echoes(freeAt);
      }
      ok(call(admin, "POST", "/reset", null), 204);
      assertThat(proxy(admin, "taken").getBoolean("enabled")).isTrue();
      echoes(takenAt);
    }
  }

  private HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT)
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject proxy(int port, String name) throws Exception {
    return new JsonObject(ok(call(port, "GET", "/proxies/" + name, null), 200).body());
  }

  private static HttpResponse<String> ok(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.request().method() + " " + r.uri().getPath() + ": " + r.body()).isEqualTo(status);
    return r;
  }

  private static InetSocketAddress listen(JsonObject proxy) {
    String[] hp = proxy.getString("listen").split(":");
    return new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
  }

  /** Asserts that what is sent through {@code address} comes back unchanged (the {@code test-upcase} toxic would change it). */
  private static void echoes(InetSocketAddress address) throws Exception {
    try (Socket s = Peers.connect(address, WAIT)) {
      Peers.write(s, "ping".getBytes(), WAIT);
      assertThat(new String(Peers.readExactly(s, 4, WAIT))).isEqualTo("ping");
    }
  }
}
