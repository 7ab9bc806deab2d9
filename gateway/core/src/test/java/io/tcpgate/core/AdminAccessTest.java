package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Peers;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

  @Test
  void aShortTokenIsRejectedWithANamedError() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddedGateway.start("admin: { token: short }\nroutes: []\n"))
      .hasMessageContaining("field 'token': too short");
  }
}
