package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.EchoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad API requests answer 4xx with a JSON error naming what is wrong, and change nothing at all. */
class AdminApiBadRequestTest {
  private static final String TOKEN = "test-token-0123456789";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private record Bad(String what, String method, String path, String body, String token, int status, String says) {
  }

  private static HttpResponse<String> send(int port, String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
      .header("Content-Type", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String state(int port) throws Exception {
    return send(port, "GET", "/proxies", null, null).body() + send(port, "GET", "/proxies/app/toxics", null, null).body();
  }

  @Test
  void badRequestsAreRefusedAndTheStateStaysByteForByteTheSame() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0, token: \"" + TOKEN + "\" }\nroutes:\n"
           + "  - { name: app, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n")) {
      int port = gw.gateway().adminPort();
      assertThat(send(port, "POST", "/proxies/app/toxics", "{\"name\":\"slow\",\"type\":\"latency\",\"attributes\":{\"latency\":10}}", TOKEN)
        .statusCode()).isEqualTo(200);
      String before = state(port);
      String big = "{\"name\":\"" + "x".repeat(2 << 20) + "\"}";
      List<Bad> bad = List.of(
        new Bad("malformed JSON", "POST", "/proxies", "{\"name\": ", TOKEN, 400, "bad request body"),
        new Bad("a list where an object is due", "POST", "/proxies", "[]", TOKEN, 400, "bad request body"),
        new Bad("missing name", "POST", "/proxies", "{\"upstream\":\"127.0.0.1:1\"}", TOKEN, 400, "name"),
        new Bad("missing upstream", "POST", "/proxies", "{\"name\":\"n\"}", TOKEN, 400, "upstream"),
        new Bad("wrong type", "POST", "/proxies", "{\"name\":\"n\",\"upstream\":\"127.0.0.1:1\",\"enabled\":\"yes\"}", TOKEN, 400, "'enabled'"),
        new Bad("a known field of the wrong type beside an unknown one", "POST", "/proxies",
          "{\"name\":\"n\",\"upstream\":\"127.0.0.1:1\",\"listen\":7000,\"colour\":\"red\"}", TOKEN, 400, "'listen'"),
        new Bad("port out of range", "POST", "/proxies", "{\"name\":\"n\",\"upstream\":\"127.0.0.1:1\",\"listen\":\"127.0.0.1:70000\"}", TOKEN, 400, "70000"),
        new Bad("duplicate proxy", "POST", "/proxies", "{\"name\":\"app\",\"upstream\":\"127.0.0.1:1\"}", TOKEN, 409, "exists"),
        new Bad("unknown proxy", "PATCH", "/proxies/nope", "{\"enabled\":false}", TOKEN, 404, "not found"),
        new Bad("unknown toxic type", "POST", "/proxies/app/toxics", "{\"type\":\"earthquake\"}", TOKEN, 400, "type"),
        new Bad("negative number", "POST", "/proxies/app/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}", TOKEN, 400, "latency"),
        new Bad("toxicity above 1", "POST", "/proxies/app/toxics", "{\"type\":\"latency\",\"toxicity\":1.5}", TOKEN, 400, "toxicity"),
        new Bad("bad stream", "POST", "/proxies/app/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}", TOKEN, 400, "stream"),
        new Bad("attributes not an object", "PATCH", "/proxies/app/toxics/slow", "{\"attributes\":[1]}", TOKEN, 400,
          "bad request body: attributes: expected an object, got a list [1]"),
        new Bad("attributes not an object on create", "POST", "/proxies/app/toxics", "{\"type\":\"latency\",\"attributes\":[1]}", TOKEN, 400,
          "bad request body: attributes: expected an object, got a list [1]"),
        new Bad("unknown attribute in a toxic update", "PATCH", "/proxies/app/toxics/slow", "{\"attributes\":{\"latncy\":5}}", TOKEN, 400, "'latncy'"),
        new Bad("a toxic update changing its stream", "POST", "/proxies/app/toxics/slow", "{\"stream\":\"upstream\"}", TOKEN, 400, "stream"),
        new Bad("a toxic update changing its type", "POST", "/proxies/app/toxics/slow", "{\"type\":\"bandwidth\"}", TOKEN, 400, "type"),
        new Bad("a toxic update changing its name", "PATCH", "/proxies/app/toxics/slow", "{\"name\":\"fast\"}", TOKEN, 400, "name"),
        new Bad("a proxy update changing its name", "POST", "/proxies/app", "{\"name\":\"other\"}", TOKEN, 400, "name"),
        new Bad("duplicate toxic", "POST", "/proxies/app/toxics", "{\"name\":\"slow\",\"type\":\"latency\"}", TOKEN, 409, "exists"),
        new Bad("unknown toxic", "DELETE", "/proxies/app/toxics/nope", null, TOKEN, 404, "not found"),
        new Bad("oversized body", "POST", "/proxies", big, TOKEN, 413, "larger than"),
        new Bad("unknown path", "GET", "/proxiez", null, null, 404, "no endpoint /proxiez"),
        new Bad("wrong method", "PUT", "/health", "{}", TOKEN, 405, "method PUT not allowed on /health"),
        new Bad("missing token", "DELETE", "/proxies/app", null, null, 401, "missing bearer token"),
        new Bad("wrong token", "POST", "/reset", "{}", "not-the-token-000000", 401, "wrong bearer token"));
      for (Bad b : bad) {
        HttpResponse<String> r = send(port, b.method(), b.path(), b.body(), b.token());
        assertThat(r.statusCode()).as(b.what() + ": " + r.body()).isEqualTo(b.status());
        assertThat(r.body()).as(b.what()).contains("\"error\"").containsIgnoringCase(b.says());
        assertThat(state(port)).as("state after: " + b.what()).isEqualTo(before);
      }
    }
  }
}
