package io.tcpgate.dist;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.GatewayNode;
import io.tcpgate.core.Version;
import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.reload.ConfigWatcher;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code tcpgate run}: validates the configuration, starts every listener, runs until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Main.EXIT_CONFIG,
    description = "Run the gateway (default config: conf/tcpgate.yaml), or one route given with --listen/--backend.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("tcpgate");
  private static volatile boolean running;

  @Mixin
  ConfigOptions options;

  static boolean isRunning() {
    return running;
  }

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    PolicyRegistry registry = PolicyRegistry.load();
    Vertx vertx = newVertx(0, true);
    // the bytes the config is loaded from, read first: a change saved from now on is applied once seen
    Buffer loaded = ConfigWatcher.read(vertx, options.configFile());
    GatewayConfig config;
    try {
      config = join(options.load(vertx, registry).toCompletionStage().toCompletableFuture());
    } catch (RuntimeException e) {
      vertx.close();
      return Errors.report(e, Main.EXIT_CONFIG);
    }
    if (config.eventLoops() != 0 || !config.nativeTransport()) {
      join(vertx.close().toCompletionStage().toCompletableFuture());
      vertx = newVertx(config.eventLoops(), config.nativeTransport());
    }
    if (config.nativeTransport() && !vertx.isNativeTransportEnabled()) {
      LOG.warn("native transport unavailable, running on NIO: {}", String.valueOf(vertx.unavailableNativeTransportCause()));
    }
    // Routes accept clients before the start completes: stop signals are handled from the start on. A first
    // stop waits until the start is done and logged (its lines come after the "started" one); a second one
    // stops the gateway as the start left it so far, and exits.
    Promise<Gateway> started = Promise.promise();
    GracefulStop stop = new GracefulStop(started.future(), vertx);
    Signals.onStop(stop);
    Gateway gateway;
    try {
      gateway = join(GatewayNode.start(vertx, config, registry, stop::starting).toCompletionStage().toCompletableFuture());
    } catch (RuntimeException e) {
      started.fail(e);
      stop.awaitForcedExit();
      join(vertx.close().toCompletionStage().toCompletableFuture());
      return Errors.report(e, Main.EXIT_START);
    }
    if (!ConfigOptions.COMMAND_LINE.equals(config.source())) {
      ConfigWatcher watcher = new ConfigWatcher(gateway,
        new ConfigLoader(registry), options.configFile())
        .start(config.reload().enabled() ? config.reload().scanPeriodMillis() : 0, loaded);
      Signals.onReload(watcher::reloadNow);
    } else {
      Signals.onReload(() -> LOG.warn("SIGHUP: nothing to reload, the routes come from the command line"));
    }
    running = true;
    LOG.info("tcpgate {} started in {} ms: config {}, transport {}, {} event loops, {} route(s){}",
      Version.VERSION, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), config.source(), gateway.transport(),
      gateway.eventLoops(), gateway.routes().size(),
      gateway.adminPort() > 0 ? ", admin API http://" + config.admin().host() + ":" + gateway.adminPort() : "");
    gateway.builtins().forEach(b -> LOG.info("builtin {} backend on {}", b.spec().type(), b.spec().listen()));
    started.complete(gateway);
    return 0;
  }

  static Vertx newVertx(int eventLoops, boolean nativeTransport) {
    return Vertx.vertx(Gateway.vertxOptions(eventLoops, nativeTransport));
  }

  static <T> T join(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      throw new WrappedException(c);
    }
  }

  /** A checked failure (e.g. a {@link ConfigException}) carried out of a future. */
  static final class WrappedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrappedException(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }
}
