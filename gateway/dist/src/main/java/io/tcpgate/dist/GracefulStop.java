package io.tcpgate.dist;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ShutdownConfig;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM and SIGINT do: the first stops accepting, lets live connections drain until the
 * configured deadline, closes the rest with the configured action and exits 0; a second one while
 * draining resets what is left and exits 1 at once.
 */
final class GracefulStop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("tcpgate");
  /** Exit code when a second signal cut the drain short. */
  static final int EXIT_FORCED = 1;

  private final Gateway gateway;
  private final Vertx vertx;
  private final ShutdownConfig shutdown;
  private final AtomicInteger signals = new AtomicInteger();

  GracefulStop(Gateway gateway, Vertx vertx, ShutdownConfig shutdown) {
    this.gateway = gateway;
    this.vertx = vertx;
    this.shutdown = shutdown;
  }

  @Override
  public void run() {
    int n = signals.incrementAndGet();
    if (n > 1) {
      LOG.warn("second stop signal: resetting the connections left and exiting now");
      try {
        gateway.stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // exiting anyway
      }
      Runtime.getRuntime().halt(EXIT_FORCED);
      return;
    }
    Thread t = new Thread(() -> {
      LOG.info("stopping: listeners closed, draining live connections for at most {} ms, then {}",
        shutdown.drainMillis(), shutdown.action().wireName());
      long t0 = System.nanoTime();
      try {
        gateway.stop(shutdown.drainMillis(), shutdown.action()).eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(shutdown.drainMillis() + 10_000, TimeUnit.MILLISECONDS);
        LOG.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        System.exit(0);
      } catch (Exception e) {
        LOG.error("stop did not complete: {}", e.toString());
        Runtime.getRuntime().halt(EXIT_FORCED);
      }
    }, "tcpgate-stop");
    t.start();
  }
}
