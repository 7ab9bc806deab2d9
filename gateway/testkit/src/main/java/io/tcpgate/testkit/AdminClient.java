package io.tcpgate.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads the gateway's admin API on 127.0.0.1, each request bounded by {@value #TIMEOUT_MS} ms. */
public final class AdminClient {
  /** Longest one request may take, in milliseconds. */
  public static final int TIMEOUT_MS = 5_000;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build();

  private AdminClient() {}

  /**
   * The body of {@code GET http://127.0.0.1:port/path}.
   *
   * @throws AssertionError when the status is not 200
   */
  public static String get(int port, String path) throws IOException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofMillis(TIMEOUT_MS)).GET().build();
    HttpResponse<String> response;
    try {
      response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during GET " + path, e);
    }
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + ": status " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
