package io.tcpgate.core.cluster;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.GatewayNode;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.state.Toxic;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gateway node in its own JVM for cluster tests: {@code TestNodeMain CONFIG}. Prints {@code READY}
 * once it listens, then takes commands on stdin, one a line, answering {@code DONE} or {@code FAILED ...}:
 * {@code add ROUTE TOXIC} (a {@code test-hold} toxic, 1 ms per chunk), {@code remove ROUTE TOXIC}.
 * Ends when stdin closes.
 */
public final class TestNodeMain {
  private TestNodeMain() {
  }

  public static void main(String[] args) throws Exception {
    PolicyRegistry registry = PolicyRegistry.load();
    Vertx vertx = Vertx.vertx();
    GatewayConfig config = new ConfigLoader(registry).load(vertx, Path.of(args[0])).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Gateway g = GatewayNode.start(vertx, config, registry).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] w = line.trim().split("\\s+");
      Future<?> f;
      if (w.length == 3 && w[0].equals("add")) {
        f = g.runtimeState().addToxic(w[1], new Toxic(w[2], "test-hold", new JsonObject().put("delay-ms", 1)));
      } else if (w.length == 3 && w[0].equals("remove")) {
        f = g.runtimeState().removeToxic(w[1], w[2]);
      } else {
        f = Future.failedFuture("unknown command: " + line);
      }
      f.toCompletionStage().toCompletableFuture().handle((v, e) -> {
        System.out.println(e == null ? "DONE" : "FAILED " + e.getMessage());
        System.out.flush();
        return null;
      }).get(30, TimeUnit.SECONDS);
    }
    g.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
