package io.tcpgate.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A request over the HTTP decoder's limits is told the limits of the server it reached, not Vert.x's defaults. */
class DecoderLimitErrorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void anOverlongRequestLineOrHeaderIsToldTheServersOwnLimits() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { enabled: false }\nroutes: []\n")) {
      AdminServer admin = new AdminServer(gw.gateway(), new HttpServerOptions().setMaxInitialLineLength(1000).setMaxHeaderSize(2000));
      admin.start(gw.vertx(), "127.0.0.1", 0).toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      try {
        HttpResponse<String> longLine = get(admin.actualPort(), "/proxies/" + "x".repeat(1200), "y");
        assertThat(longLine.statusCode()).isEqualTo(414);
        assertThat(longLine.body()).contains("{\"error\":\"request line longer than 1000 bytes\",\"status\":414}");
        HttpResponse<String> bigHeaders = get(admin.actualPort(), "/proxies", "y".repeat(2500));
        assertThat(bigHeaders.statusCode()).isEqualTo(431);
        assertThat(bigHeaders.body()).contains("{\"error\":\"request headers larger than 2000 bytes\",\"status\":431}");
      } finally {
        admin.close().toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** A GET of {@code path} with a header {@code X-Big} of {@code big}. */
  private HttpResponse<String> get(int port, String path, String big) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT).header("X-Big", big).GET().build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
