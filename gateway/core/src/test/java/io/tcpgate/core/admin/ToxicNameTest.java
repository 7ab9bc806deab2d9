package io.tcpgate.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A toxic's name is one its own path can address and a listing can show: a longer one, or one holding a control
 * character, is refused, not kept where no request can reach it.
 */
class ToxicNameTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aToxicNameTooLongToAddressIsRefusedAndTheLongestAllowedCanBeReadAndDeleted() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      assertThat(call(admin, "POST", "/proxies", new JsonObject().put("name", "p").put("upstream", "127.0.0.1:" + echo.port()).encode())
        .statusCode()).isEqualTo(201);
      String tooLong = "t".repeat(10_000);
      HttpResponse<String> refused = call(admin, "POST", "/proxies/p/toxics", new JsonObject().put("name", tooLong).put("type", "test-upcase").encode());
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
      assertThat(new JsonObject(refused.body()).getString("error")).startsWith("bad request body: name: ").hasSizeLessThan(200);
      assertThat(call(admin, "GET", "/proxies/p/toxics", null).body()).isEqualTo("[]");
      // the longest name, in characters whose UTF-8 bytes are each escaped in the path, still fits a request line
      String longest = "\u20ac".repeat(256);
      assertThat(call(admin, "POST", "/proxies/p/toxics", new JsonObject().put("name", longest).put("type", "test-upcase").encode())
        .statusCode()).isEqualTo(200);
      String path = "/proxies/p/toxics/" + URLEncoder.encode(longest, StandardCharsets.UTF_8);
      HttpResponse<String> read = call(admin, "GET", path, null);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(read.body()).getString("name")).isEqualTo(longest);
      assertThat(call(admin, "DELETE", path, null).statusCode()).isEqualTo(204);
      assertThat(call(admin, "GET", "/proxies/p/toxics", null).body()).isEqualTo("[]");
    }
  }

  @Test
  void aToxicNameHoldingAControlCharacterIsRefusedAndNothingIsAdded() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      assertThat(call(admin, "POST", "/proxies", new JsonObject().put("name", "p").put("upstream", "127.0.0.1:" + echo.port()).encode())
        .statusCode()).isEqualTo(201);
      for (String name : new String[] {"s\nt", "tab\there", "nul\0", "del\u007f", "\r"}) {
        HttpResponse<String> refused = call(admin, "POST", "/proxies/p/toxics", new JsonObject().put("name", name).put("type", "test-upcase").encode());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getString("error")).as(name)
          .startsWith("bad request body: name: a name cannot hold a control character (line break, tab, NUL, …), got \"")
          .doesNotContain("\n", "\t", "\0", "\u007f", "\r");
      }
      assertThat(new JsonObject(call(admin, "POST", "/proxies/p/toxics", new JsonObject().put("name", "s\nt").put("type", "test-upcase").encode())
        .body()).getString("error")).isEqualTo("bad request body: name: a name cannot hold a control character (line break, tab, NUL, …), got \"s\\nt\"");
      assertThat(call(admin, "GET", "/proxies/p/toxics", null).body()).isEqualTo("[]");
    }
  }

  private HttpResponse<String> call(int port, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT)
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
