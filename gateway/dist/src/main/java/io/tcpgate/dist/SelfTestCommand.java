package io.tcpgate.dist;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.GatewayNode;
import io.tcpgate.core.builtin.BuiltinServer;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.BuiltinBackend;
import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tcpgate selftest}: starts a gateway on free loopback ports of its own (a builtin echo
 * backend, one route to it, the admin API), sends bytes through the route and checks that every one
 * comes back in order, that the client's FIN comes back as EOF and that the admin API answers
 * {@code /health}; then stops it. Exit 0 when all of that held, 1 otherwise. Touches no configured
 * port, so it runs beside a live gateway; it is also the training run of the launcher's
 * class-data archive ({@code ./tcpgate cds}).
 */
@Command(name = "selftest", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Main.EXIT_CONFIG,
    description = "Relay bytes through a gateway started on free loopback ports (echo backend, one route, admin API), "
      + "check every byte, the half-close and /health, stop it; exit 0 when all held.")
final class SelfTestCommand implements Callable<Integer> {
  private static final String ROUTE = "selftest";
  /** How long each socket read may wait, ms. */
  private static final int READ_TIMEOUT_MILLIS = 10_000;

  @Option(names = "--bytes", paramLabel = "N", description = "Bytes sent through the route (echoed back; default 4194304).")
  long bytes = 4L << 20;

  @Override
  public Integer call() {
    if (bytes < 1) {
      System.err.println("tcpgate: selftest: --bytes must be at least 1, got " + bytes);
      return Main.EXIT_CONFIG;
    }
    long t0 = System.nanoTime();
    PolicyRegistry registry = PolicyRegistry.load();
    Vertx vertx = RunCommand.newVertx(0, true);
    BuiltinServer echo = new BuiltinServer(new BuiltinBackend("echo", Address.parse("127.0.0.1:0", true)));
    Gateway gateway = null;
    try {
      RunCommand.join(echo.start(vertx).toCompletionStage().toCompletableFuture());
      GatewayConfig config = new ConfigLoader(registry).parse(document(echo.actualPort()), ROUTE);
      gateway = RunCommand.join(GatewayNode.start(vertx, config, registry).toCompletionStage().toCompletableFuture());
      Address route = gateway.routes().get(ROUTE).boundAddress();
      relayAndCompare(new InetSocketAddress(route.host(), route.port()), bytes);
      checkHealth(new InetSocketAddress("127.0.0.1", gateway.adminPort()));
      System.out.printf("selftest passed in %d ms: %d bytes each way through route 127.0.0.1:%d on %s, every byte in order, "
          + "FIN relayed, admin /health UP%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), bytes, route.port(),
        gateway.transport());
      return 0;
    } catch (ConfigException e) {
      return Errors.report(e, Main.EXIT_START);
    } catch (RuntimeException | IOException | InterruptedException e) {
      System.err.println("tcpgate: selftest failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return Main.EXIT_START;
    } finally {
      if (gateway != null) {
        gateway.stop().toCompletionStage().toCompletableFuture().join();
      }
      echo.close().eventually(vertx::close).toCompletionStage().toCompletableFuture().join();
    }
  }

  private static JsonObject document(int echoPort) {
    JsonObject route = new JsonObject().put("name", ROUTE).put("listen", "127.0.0.1:0")
      .put("backends", new JsonArray().add("127.0.0.1:" + echoPort));
    return new JsonObject().put("routes", new JsonArray().add(route))
      .put("admin", new JsonObject().put("host", "127.0.0.1").put("port", 0));
  }

  /** The byte at offset {@code i} of the stream: a pattern that a lost, doubled or moved byte breaks. */
  private static byte patternAt(long i) {
    return (byte) (i * 31 + (i >>> 8) * 7 + (i >>> 16));
  }

  /** Sends {@code n} bytes then a FIN from one thread, reads them back and the EOF from this one. */
  private static void relayAndCompare(InetSocketAddress to, long n) throws IOException, InterruptedException {
    try (Socket s = new Socket()) {
      s.connect(to, READ_TIMEOUT_MILLIS);
      s.setSoTimeout(READ_TIMEOUT_MILLIS);
      CompletableFuture<Void> sent = new CompletableFuture<>();
      Thread writer = new Thread(() -> {
        try {
          OutputStream out = s.getOutputStream();
          byte[] buf = new byte[64 * 1024];
          for (long off = 0; off < n; ) {
            int len = (int) Math.min(buf.length, n - off);
            for (int i = 0; i < len; i++) {
              buf[i] = patternAt(off + i);
            }
            out.write(buf, 0, len);
            off += len;
          }
          s.shutdownOutput();
          sent.complete(null);
        } catch (IOException e) {
          sent.completeExceptionally(e);
        }
      }, "tcpgate-selftest-writer");
      writer.setDaemon(true);
      writer.start();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64 * 1024];
      long got = 0;
      for (int r; (r = in.read(buf)) >= 0; ) {
        for (int i = 0; i < r; i++) {
          if (got + i >= n) {
            throw new IOException("more bytes came back than were sent (" + n + ")");
          }
          if (buf[i] != patternAt(got + i)) {
            throw new IOException("byte " + (got + i) + " came back changed: a byte was lost, doubled or reordered");
          }
        }
        got += r;
      }
      if (got != n) {
        throw new IOException("EOF after " + got + " of " + n + " bytes");
      }
      writer.join(READ_TIMEOUT_MILLIS);
      if (sent.isCompletedExceptionally()) {
        sent.join();
      }
    }
  }

  private static void checkHealth(InetSocketAddress admin) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(admin, READ_TIMEOUT_MILLIS);
      s.setSoTimeout(READ_TIMEOUT_MILLIS);
      s.getOutputStream().write("GET /health HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!reply.startsWith("HTTP/1.0 200") && !reply.startsWith("HTTP/1.1 200") || !reply.contains("UP")) {
        throw new IOException("admin API /health did not answer 200 UP: " + reply.lines().findFirst().orElse("(nothing)"));
      }
    }
  }
}
