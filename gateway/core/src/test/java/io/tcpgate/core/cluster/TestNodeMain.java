package io.tcpgate.core.cluster;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.GatewayNode;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A gateway node in its own JVM for cluster tests: {@code TestNodeMain CONFIG}. Prints {@code READY}
 * once it listens; stops when stdin closes.
 */
public final class TestNodeMain {
  private TestNodeMain() {
  }

  public static void main(String[] args) throws Exception {
    PolicyRegistry registry = PolicyRegistry.load();
    Vertx vertx = Vertx.vertx(Gateway.vertxOptions(0, false)); // no file cache: a node killed leaves no vertx-cache-* directory
    GatewayConfig config = new ConfigLoader(registry).load(vertx, Path.of(args[0])).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    Gateway g = GatewayNode.start(vertx, config, registry).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    System.out.println("READY");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // runs until stdin closes
    }
    g.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }
}
