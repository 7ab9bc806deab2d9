package io.tcpgate.dist;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How the {@code proxy}, {@code toxic} and {@code conn} commands reach a running gateway's API:
 * {@code --server HOST:PORT}, else {@code $TCPGATE_API}, else {@code 127.0.0.1:8474}; with the bearer
 * token of a gateway that has {@code admin.token} from {@code --token}, else {@code $TCPGATE_ADMIN_TOKEN}
 * (the variable the gateway reads its own token from).
 */
final class ApiClient {
  /** Exit code when the API answered with an error or could not be reached. */
  static final int EXIT_API = 1;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Option(names = {"-s", "--server"}, paramLabel = "HOST:PORT", defaultValue = "${env:TCPGATE_API:-127.0.0.1:8474}",
      description = "the gateway's API (default: $TCPGATE_API, else ${DEFAULT-VALUE})")
  String server;

  @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TCPGATE_ADMIN_TOKEN}",
      description = "the API's bearer token (admin.token), sent as Authorization: Bearer (default: $TCPGATE_ADMIN_TOKEN)")
  String token;

  /** The API answered with an error status. */
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ApiException(String message) {
      super(message);
    }
  }

  /** Calls the API; returns the body (empty for 204). */
  String call(String method, String path, String body) {
    String base = server.startsWith("http://") ? server : "http://" + server;
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
      .header("content-type", "application/json")
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null && !token.isEmpty()) {
      builder.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build()
        .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ApiException("cannot reach the API at " + server + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException("interrupted");
    }
    if (response.statusCode() >= 400) {
      String message = response.body();
      try {
        message = new JsonObject(response.body()).getString("error", message);
      } catch (RuntimeException notJson) {
        // keep the raw body
      }
      throw new ApiException(message.trim() + " (HTTP " + response.statusCode() + ")");
    }
    return response.body();
  }

  /** Runs an API command: 0 on success, {@link #EXIT_API} with the API's error on stderr. */
  static int run(Runnable command) {
    try {
      command.run();
      return 0;
    } catch (ApiException e) {
      System.err.println("tcpgate: " + e.getMessage());
      return EXIT_API;
    }
  }
}
