package io.tcpgate.dist;

import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.RouteConfig;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tcpgate check}: validates the configuration and exits (0 valid, 2 invalid), like {@code nginx -t}. */
@Command(name = "check", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Main.EXIT_CONFIG,
    description = "Validate the configuration and exit: 0 when valid, 2 with every problem listed when not.")
final class CheckCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Override
  public Integer call() {
    Vertx vertx = RunCommand.newVertx(1, false); // it only reads the file
    try {
      GatewayConfig config = RunCommand.join(options.load(vertx, PolicyRegistry.load()).toCompletionStage().toCompletableFuture());
      System.out.println(config.source() + ": valid, " + config.routes().size() + " route(s)");
      for (RouteConfig r : config.routes()) {
        System.out.println("  " + r.name() + ": " + r.listen() + " -> " + r.backends() + " (" + r.balance().wireName()
          + (r.policies().isEmpty() ? "" : "; policies: " + String.join(", ", r.policies().stream().map(p -> p.type()).toList())) + ")");
      }
      return 0;
    } catch (RuntimeException e) {
      return Errors.report(e, Main.EXIT_CONFIG);
    } finally {
      vertx.close();
    }
  }
}
