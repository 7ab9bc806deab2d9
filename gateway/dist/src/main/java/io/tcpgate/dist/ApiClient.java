package io.tcpgate.dist;

import io.tcpgate.core.config.Address;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
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

  /** The API answered with an error status, could not be reached, or {@code --server} is not an address. */
  static final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** The command's exit code: {@link #EXIT_API}, or {@link Main#EXIT_CONFIG} for a bad {@code --server}. */
    final int exitCode;

    ApiException(String message) {
      this(message, EXIT_API);
    }

    ApiException(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  /** Calls the API; returns the body (empty for 204). */
  String call(String method, String path, String body) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path)).timeout(TIMEOUT)
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
      throw new ApiException("cannot reach the API at " + server + ": " + why(e));
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

  /** {@code http://HOST:PORT} of {@link #server}, which may be written with or without {@code http://}. */
  private String base() {
    String hostPort = server.startsWith("http://") ? server.substring("http://".length()) : server;
    try {
      Address address = Address.parse(hostPort, false);
      if (address.isUnix()) {
        throw new IllegalArgumentException("the API is reached over TCP, got \"" + server + "\"");
      }
      return "http://" + address;
    } catch (IllegalArgumentException e) {
      throw new ApiException("--server: " + e.getMessage(), Main.EXIT_CONFIG);
    }
  }

  /** Why a call found no API, in a user's words. */
  private static String why(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
        return "its host name cannot be resolved";
      }
    }
    if (e instanceof HttpConnectTimeoutException) {
      return "no connection within " + TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof HttpTimeoutException) {
      return "no answer within " + TIMEOUT.toSeconds() + " s";
    }
    if (e instanceof ConnectException) {
      return "connection refused (is a gateway running with its admin API there? --server HOST:PORT or $TCPGATE_API names another)";
    }
    return e.toString();
  }

  /** Runs an API command: 0 on success, {@link #EXIT_API} with the API's error on stderr. */
  static int run(Runnable command) {
    try {
      command.run();
      return 0;
    } catch (ApiException e) {
      System.err.println("tcpgate: " + e.getMessage());
      return e.exitCode;
    }
  }
}
