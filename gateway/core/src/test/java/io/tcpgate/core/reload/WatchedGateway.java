package io.tcpgate.core.reload;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * For reload tests: a gateway started from a config file as {@code tcpgate run -c FILE} starts it, and
 * (once {@link #watch} is called) a watcher on the file; {@link #close} stops both and their Vert.x.
 */
final class WatchedGateway implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final ConfigLoader loader = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties());
  final Path file;
  final GatewayConfig config;
  final Gateway gateway;
  private ConfigWatcher watcher;

  private WatchedGateway(Path file) throws Exception {
    this.file = file;
    this.config = await(loader.load(vertx, file));
    this.gateway = await(Gateway.start(vertx, config));
  }

  /** Loads {@code file} as it is now and starts a gateway from it (not watched yet). */
  static WatchedGateway start(Path file) throws Exception {
    return new WatchedGateway(file);
  }

  /** Watches the file every {@code periodMillis} (0: on {@link ConfigWatcher#reloadNow} only), from its bytes now. */
  ConfigWatcher watch(long periodMillis) {
    watcher = new ConfigWatcher(gateway, loader, file).start(periodMillis);
    return watcher;
  }

  /** Watches the file every {@code periodMillis}, {@code loaded} being the bytes the gateway started from. */
  ConfigWatcher watch(long periodMillis, Buffer loaded) {
    watcher = new ConfigWatcher(gateway, loader, file).start(periodMillis, loaded);
    return watcher;
  }

  static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      if (watcher != null) {
        watcher.close();
      }
      await(gateway.stop());
    } finally {
      await(vertx.close());
    }
  }
}
