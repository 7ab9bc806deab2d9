package io.tcpgate.plugins.toxics;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.Peers;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A gateway with its admin API on a free loopback port, an echo backend, and a Toxiproxy client. */
final class GatewayUnderTest implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  final EchoServer echo;
  final EmbeddedGateway gateway;
  final ToxiproxyClient client;
  private final HttpClient http = HttpClient.newHttpClient();

  GatewayUnderTest() throws Exception {
    this("routes: []\n");
  }

  GatewayUnderTest(String routes) throws Exception {
    echo = new EchoServer();
    gateway = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\n" + routes.replace("ECHO", "127.0.0.1:" + echo.port()));
    client = new ToxiproxyClient("127.0.0.1", gateway.gateway().adminPort());
  }

  /** A proxy to the echo backend on a free port. */
  Proxy echoProxy(String name) throws IOException {
    return client.createProxy(name, "127.0.0.1:0", "127.0.0.1:" + echo.port());
  }

  Socket connect(Proxy proxy) throws IOException {
    String[] hp = proxy.getListen().split(":");
    return Peers.connect(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), WAIT);
  }

  /** A raw API call: returns status and body. */
  HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.gateway().adminPort() + path))
      .timeout(WAIT).method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Adds a toxic through the API (raw JSON, for the toxics the Java client does not know); asserts 200. */
  void addToxic(String proxy, String json) throws Exception {
    HttpResponse<String> r = call("POST", "/proxies/" + proxy + "/toxics", json);
    if (r.statusCode() != 200) {
      throw new AssertionError("adding " + json + " answered " + r.statusCode() + " " + r.body());
    }
  }

  /** Removes a toxic through the API; asserts 204. */
  void removeToxic(String proxy, String toxic) throws Exception {
    HttpResponse<String> r = call("DELETE", "/proxies/" + proxy + "/toxics/" + toxic, null);
    if (r.statusCode() != 204) {
      throw new AssertionError("removing " + toxic + " answered " + r.statusCode() + " " + r.body());
    }
  }

  /** {@link #call} for lambdas: a failure to call is an unchecked exception. */
  HttpResponse<String> callUnchecked(String method, String path, String body) {
    try {
      return call(method, path, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** GET {@code path}'s body; for polling in bounded waits. */
  String call0(String path) {
    try {
      return call("GET", path, null).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Asserts that nothing reaches {@code socket} for {@code millis} ms: no byte, no EOF, no reset (a read
   * bounded by that time must time out).
   */
  static void expectNothingFor(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    int r;
    try {
      r = socket.getInputStream().read();
    } catch (SocketTimeoutException expected) {
      return;
    } catch (SocketException e) {
      throw new AssertionError("expected nothing for " + millis + " ms on " + socket + " but got: " + e.getMessage(), e);
    }
    throw new AssertionError("expected nothing for " + millis + " ms on " + socket + " but got " + (r < 0 ? "EOF" : "a byte"));
  }

  /** Waits (bounded) until the gateway has read {@code n} bytes from the one live connection's client. */
  void awaitUpstreamBytes(long n) {
    Await.until(n + " bytes read from the client", WAIT, () -> {
      JsonArray all = new JsonArray(call0("/connections"));
      return all.size() == 1 && all.getJsonObject(0).getLong("bytes_upstream") == n;
    });
  }

  @Override
  public void close() {
    try {
      gateway.close();
    } finally {
      echo.close();
    }
  }
}
