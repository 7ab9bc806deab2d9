package io.tcpgate.dist;

import ch.qos.logback.classic.LoggerContext;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ShutdownConfig;
import io.tcpgate.core.log.AccessLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM and SIGINT do: the first stops accepting, lets live connections drain until the
 * configured deadline, closes the rest with the configured action (both as the running config has them,
 * a reload included) and exits 0; a second one resets what is left and exits 1 at once (within
 * {@link #FORCED_WAIT_MILLIS}), whenever it comes: during the drain, before it began, or during the start.
 * Further ones change nothing. Installed before the gateway starts (its routes may accept clients before
 * the start completes): a first signal during the start waits for it, up to {@link #START_WAIT_SECONDS},
 * then stops as usual; a start that fails is reported by the launcher, which exits.
 */
final class GracefulStop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("tcpgate");
  /** Exit code when a second signal cut the stop short. */
  static final int EXIT_FORCED = 1;
  /** How long a stop signal waits for a gateway still starting, s. */
  static final long START_WAIT_SECONDS = 60;
  /** How long a second signal waits for a start still running and the reset of what is left, together, ms. */
  static final long FORCED_WAIT_MILLIS = 5_000;

  private final Future<Gateway> started;
  private final Vertx vertx;
  /** Stop signals so far; guarded by this, as is {@link #closing}. */
  private int signals;
  /** Whether the drain ended and Vert.x closes: a second signal has nothing left to reset. */
  private boolean closing;

  /** {@code started}: the gateway once the launcher is done starting it (and said so), or the start's failure. */
  GracefulStop(Future<Gateway> started, Vertx vertx) {
    this.started = started;
    this.vertx = vertx;
  }

  @Override
  public void run() {
    int n;
    boolean nothingLeft;
    synchronized (this) {
      n = ++signals;
      nothingLeft = closing;
    }
    if (n == 1) {
      new Thread(this::stop, "tcpgate-stop").start();
    } else if (n == 2) {
      force(nothingLeft);
    }
  }

  private void stop() {
    long t0 = System.nanoTime();
    if (!started.isComplete()) {
      LOG.info("stop signal during the start: stopping once the start is done (at most {} s)", START_WAIT_SECONDS);
    }
    try {
      Gateway gateway = started.toCompletionStage().toCompletableFuture().get(START_WAIT_SECONDS, TimeUnit.SECONDS);
      ShutdownConfig shutdown = gateway.config().shutdown(); // as the last reload left it
      Future<Void> drained;
      synchronized (this) { // the routes go to this stop or to the second signal's, never to both at once
        if (signals > 1) {
          return; // a second signal came first: it resets and exits
        }
        LOG.info("stopping: listeners closed, draining live connections for at most {} ms, then {}",
          shutdown.drainMillis(), shutdown.action().wireName());
        drained = gateway.stop(shutdown.drainMillis(), shutdown.action());
      }
      drained.eventually(this::closeVertx)
        .toCompletionStage().toCompletableFuture().get(shutdown.drainMillis() + 20_000, TimeUnit.MILLISECONDS); // a FIN's close: up to 11 s
      LOG.info("stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      System.exit(0);
    } catch (ExecutionException e) {
      if (started.failed()) {
        return; // the launcher reports the failed start and exits
      }
      stopFailed(e.getCause());
    } catch (Exception e) {
      stopFailed(e);
    }
  }

  /** Closes Vert.x once the drain ended, unless a second signal cut it: that one exits, and this waits for it. */
  private Future<Void> closeVertx() {
    synchronized (this) {
      if (signals > 1) {
        return Promise.<Void>promise().future();
      }
      closing = true;
    }
    return vertx.close();
  }

  private static void stopFailed(Throwable e) {
    LOG.error("stop did not complete: {}", e.toString());
    Runtime.getRuntime().halt(EXIT_FORCED);
  }

  /**
   * The second signal: once a start still running is done (it logs its line first), resets what is left
   * and exits {@link #EXIT_FORCED}.
   */
  private void force(boolean nothingLeft) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FORCED_WAIT_MILLIS);
    Gateway gateway = null;
    try {
      gateway = nothingLeft ? null : started.toCompletionStage().toCompletableFuture().get(FORCED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      if (started.failed()) {
        return; // the launcher reports the failed start and exits
      }
      // not started in time: nothing to reset yet
    }
    LOG.warn("second stop signal: resetting the connections left and exiting now");
    try {
      if (gateway != null) {
        gateway.stop().toCompletionStage().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (Exception ignored) {
      // exiting anyway
    }
    flushLogs();
    Runtime.getRuntime().halt(EXIT_FORCED);
  }

  /** Writes out the log lines still queued (the access log's background thread) before a halt skips it. */
  private static void flushLogs() {
    AccessLog.flush();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
