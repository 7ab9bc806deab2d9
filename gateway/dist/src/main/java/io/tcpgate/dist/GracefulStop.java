package io.tcpgate.dist;

import ch.qos.logback.classic.LoggerContext;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ShutdownConfig;
import io.tcpgate.core.log.AccessLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM and SIGINT do: the first stops accepting, lets live connections drain until the
 * configured deadline, closes the rest with the configured action (both as the running config has them,
 * a reload included) and exits 0; a second one while
 * draining resets what is left and exits 1 at once. Installed before the gateway starts (its routes
 * may accept clients before the start completes): a first signal during the start waits for it, up to
 * {@link #START_WAIT_SECONDS}, then stops as usual.
 */
final class GracefulStop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("tcpgate");
  /** Exit code when a second signal cut the drain short. */
  static final int EXIT_FORCED = 1;
  /** How long a stop signal waits for a gateway still starting, s. */
  static final long START_WAIT_SECONDS = 60;

  private final Future<Gateway> starting;
  private final Vertx vertx;
  private final AtomicInteger signals = new AtomicInteger();

  GracefulStop(Future<Gateway> starting, Vertx vertx) {
    this.starting = starting;
    this.vertx = vertx;
  }

  @Override
  public void run() {
    int n = signals.incrementAndGet();
    if (n > 1) {
      LOG.warn("second stop signal: resetting the connections left and exiting now");
      try {
        if (starting.succeeded()) {
          starting.result().stop().toCompletionStage().toCompletableFuture().get(2, TimeUnit.SECONDS);
        }
      } catch (Exception ignored) {
        // exiting anyway
      }
      flushLogs();
      Runtime.getRuntime().halt(EXIT_FORCED);
      return;
    }
    Thread t = new Thread(() -> {
      long t0 = System.nanoTime();
      try {
        Gateway gateway = starting.toCompletionStage().toCompletableFuture().get(START_WAIT_SECONDS, TimeUnit.SECONDS);
        ShutdownConfig shutdown = gateway.config().shutdown(); // as the last reload left it
        LOG.info("stopping: listeners closed, draining live connections for at most {} ms, then {}",
          shutdown.drainMillis(), shutdown.action().wireName());
        gateway.stop(shutdown.drainMillis(), shutdown.action()).eventually(vertx::close)
          .toCompletionStage().toCompletableFuture().get(shutdown.drainMillis() + 20_000, TimeUnit.MILLISECONDS); // a FIN's close: up to 11 s
        LOG.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        // a second signal ends the drain by stopping the gateway, which completes this stop too: its
        // exit code must win
        System.exit(signals.get() > 1 ? EXIT_FORCED : 0);
      } catch (Exception e) {
        LOG.error("stop did not complete: {}", e.toString());
        Runtime.getRuntime().halt(EXIT_FORCED);
      }
    }, "tcpgate-stop");
    t.start();
  }

  /** Writes out the log lines still queued (the access log's background thread) before a halt skips it. */
  private static void flushLogs() {
    AccessLog.flush();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
