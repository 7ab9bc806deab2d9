package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Peers;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** With admin.token set, mutating requests need the bearer token; reads stay open; bodies are bounded. */
class AdminAccessTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String TOKEN = "0123456789abcdef0123";

  private static String request(int port, String method, String path, String auth, int bodyBytes) throws Exception {
    try (Socket http = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
      String head = method + " " + path + " HTTP/1.0\r\n" + (auth == null ? "" : "Authorization: " + auth + "\r\n")
        + "Content-Type: application/json\r\nContent-Length: " + bodyBytes + "\r\n\r\n";
      http.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      http.getOutputStream().write(new byte[bodyBytes]);
      return new String(Peers.readToEof(http, WAIT), StandardCharsets.UTF_8);
    }
  }

  @Test
  void mutatingRequestsNeedTheTokenReadsDoNotAndBodiesAreBounded() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0, token: \"" + TOKEN + "\" }\nroutes: []\n")) {
      int port = gw.gateway().adminPort();
      assertThat(request(port, "GET", "/health", null, 0)).startsWith("HTTP/1.0 200");
      assertThat(request(port, "GET", "/health/live", null, 0)).startsWith("HTTP/1.0 200");
      assertThat(request(port, "GET", "/health/ready", null, 0)).startsWith("HTTP/1.0 200").contains("\"status\" : \"UP\"");
      assertThat(request(port, "POST", "/proxies", null, 2)).startsWith("HTTP/1.0 401").contains("missing bearer token");
      assertThat(request(port, "DELETE", "/proxies/x", "Bearer wrong-token-0000000", 0)).startsWith("HTTP/1.0 401").contains("wrong bearer token");
      assertThat(request(port, "POST", "/no-such-path", "Bearer " + TOKEN, 2)).doesNotStartWith("HTTP/1.0 401");
      assertThat(request(port, "POST", "/no-such-path", "Bearer " + TOKEN, (1 << 20) + 1024)).startsWith("HTTP/1.0 413");
    }
  }

  /** The scheme of {@code Authorization} is case-insensitive (RFC 7235); the token is not. */
  @Test
  void theBearerSchemeIsTakenInAnyCase() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0, token: \"" + TOKEN + "\" }\nroutes: []\n")) {
      int port = gw.gateway().adminPort();
      assertThat(request(port, "POST", "/no-such-path", "bearer " + TOKEN, 2)).doesNotStartWith("HTTP/1.0 401");
      assertThat(request(port, "POST", "/no-such-path", "BEARER " + TOKEN, 2)).doesNotStartWith("HTTP/1.0 401");
      assertThat(request(port, "POST", "/no-such-path", "Bearer " + TOKEN.toUpperCase(), 2)).startsWith("HTTP/1.0 401");
      assertThat(request(port, "POST", "/no-such-path", "Basic " + TOKEN, 2)).startsWith("HTTP/1.0 401");
    }
  }

  /**
   * A client asking to upgrade to cleartext HTTP/2 (as Java's HttpClient does by default) is answered
   * in HTTP/1.1: the admin API speaks HTTP/1.1 only.
   */
  @Test
  void anH2cUpgradeRequestIsAnsweredInHttp11() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n");
         Socket http = Peers.connect(new InetSocketAddress("127.0.0.1", gw.gateway().adminPort()), WAIT)) {
      String head = "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade, HTTP2-Settings\r\n"
        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n";
      http.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      // an upgrading server answers "HTTP/1.1 101" and HTTP/2 frames; one that does not, a whole 1.1 response
      http.setSoTimeout((int) WAIT.toMillis());
      StringBuilder got = new StringBuilder();
      InputStream in = http.getInputStream();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!got.toString().contains("}") && System.nanoTime() < deadline) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        got.append((char) b);
      }
      assertThat(got.toString()).startsWith("HTTP/1.1 200").contains("\"UP\"");
    }
  }

  private static String request(int port, String method, String path, String headers, String body) throws Exception {
    try (Socket http = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      String head = method + " " + path + " HTTP/1.0\r\n" + headers + "Content-Length: " + bytes.length + "\r\n\r\n";
      http.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
      http.getOutputStream().write(bytes);
      return new String(Peers.readToEof(http, WAIT), StandardCharsets.UTF_8);
    }
  }

  /** Requests the HTTP decoder refuses are answered with the API's JSON error too, naming the limit (Vert.x's answer has no body). */
  @Test
  void anOverlongRequestLineOrHeaderGetsAJsonError() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int port = gw.gateway().adminPort();
      assertThat(request(port, "GET", "/proxies/" + "x".repeat(5000), "", ""))
        .startsWith("HTTP/1.0 414").contains("application/json").contains("{\"error\":\"request line longer than 4096 bytes\",\"status\":414}");
      assertThat(request(port, "GET", "/proxies", "X-Big: " + "y".repeat(9000) + "\r\n", ""))
        .startsWith("HTTP/1.0 431").contains("{\"error\":\"request headers larger than 8192 bytes\",\"status\":431}");
      assertThat(request(port, "GET", "/proxies", "no colon here\r\n", ""))
        .startsWith("HTTP/1.0 400").contains("\"error\":\"bad HTTP request: ").contains("\"status\":400}");
      assertThat(request(port, "GET", "/proxies", "", "")).as("the server still answers").startsWith("HTTP/1.0 200");
    }
  }

  /**
   * A web page cannot drive the API (a text/plain POST needs no CORS preflight): a request that would change
   * something, sent by a browser (User-Agent Mozilla/…, as Toxiproxy refuses them) or with an Origin header, is
   * refused with 403 and changes nothing; pages stay viewable in a browser.
   */
  @Test
  void aBrowserCannotChangeAnythingButCanViewThePages() throws Exception {
    String create = "{\"name\":\"p\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:1\"}";
    String mozilla = "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\r\n";
    String origin = "Origin: http://attacker.example\r\nUser-Agent: curl/8.5.0\r\n";
    String textPlain = "Content-Type: text/plain\r\n";
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int port = gw.gateway().adminPort();
      for (String from : new String[] {mozilla, origin, "Origin: null\r\n"}) {
        String r = request(port, "POST", "/proxies", from + textPlain, create);
        assertThat(r).as(from).startsWith("HTTP/1.0 403").contains("\"status\":403").contains("\"error\":\"");
        assertThat(request(port, "POST", "/reset", from, "")).as(from).startsWith("HTTP/1.0 403");
        assertThat(request(port, "DELETE", "/connections/1", from, "")).as(from).startsWith("HTTP/1.0 403");
        assertThat(request(port, "PATCH", "/proxies/p", from, "{}")).as(from).startsWith("HTTP/1.0 403");
      }
      assertThat(request(port, "GET", "/proxies", "", "")).as("nothing was created").startsWith("HTTP/1.0 200").endsWith("{}");
      for (String from : new String[] {mozilla, origin}) {
        assertThat(request(port, "GET", "/health", from, "")).as(from).startsWith("HTTP/1.0 200");
        assertThat(request(port, "GET", "/proxies", from, "")).as(from).startsWith("HTTP/1.0 200");
        assertThat(request(port, "GET", "/metrics", from, "")).as(from).startsWith("HTTP/1.0 200");
        assertThat(request(port, "HEAD", "/health/live", from, "")).as(from).startsWith("HTTP/1.0 200");
      }
      assertThat(request(port, "POST", "/proxies", "User-Agent: curl/8.5.0\r\n" + textPlain, create)).as("not a browser").startsWith("HTTP/1.0 201");
    }
  }

  /**
   * HEAD is answered as GET is, without the body (RFC 9110 9.3.2), on every GET endpoint, for a browser
   * too: the same status and headers, Content-Length included, and nothing after them.
   */
  @Test
  void headAnswersLikeGetWithoutTheBodyOnEveryGetEndpoint() throws Exception {
    String[] paths = {"/health", "/health/live", "/health/ready", "/version", "/routes", "/connections", "/cluster",
      "/proxies", "/proxies/web", "/proxies/web/toxics", "/proxies/none", "/proxies/web/toxics/none", "/metrics", "/no-such-path"};
    String mozilla = "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0\r\n";
    String origin = "Origin: http://attacker.example\r\n";
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\n"
        + "routes:\n  - { name: web, listen: 127.0.0.1:0, backends: [127.0.0.1:1] }\n")) {
      int port = gw.gateway().adminPort();
      for (String from : new String[] {"", mozilla, origin}) {
        for (String path : paths) {
          String head = request(port, "HEAD", path, from, "");
          // the metrics count the requests themselves: their length changes from one answer to the next
          boolean sameLength = !path.equals("/metrics");
          assertThat(headerLines(head, sameLength)).as("HEAD " + path + " " + from)
            .isEqualTo(headerLines(request(port, "GET", path, from, ""), sameLength))
            .anyMatch(line -> line.startsWith("content-length: "));
          assertThat(head).as("HEAD " + path + " " + from).endsWith("\r\n\r\n");
        }
      }
    }
  }

  /** The status line and headers of an HTTP answer; Content-Length's value only when {@code withLength}. */
  private static List<String> headerLines(String answer, boolean withLength) {
    return Arrays.stream(answer.split("\r\n\r\n", 2)[0].split("\r\n"))
      .map(line -> withLength || !line.toLowerCase(Locale.ROOT).startsWith("content-length: ") ? line : "content-length: N").toList();
  }

  @Test
  void aShortTokenIsRejectedWithANamedError() {
    Assertions.assertThatThrownBy(() -> EmbeddedGateway.start("admin: { token: short }\nroutes: []\n"))
      .hasMessageContaining("field 'token': too short");
  }
}
