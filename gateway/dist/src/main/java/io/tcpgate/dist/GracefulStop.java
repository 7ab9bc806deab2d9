package io.tcpgate.dist;

import ch.qos.logback.classic.LoggerContext;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ShutdownConfig;
import io.tcpgate.core.log.AccessLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM and SIGINT do: the first stops accepting, lets live connections drain until the
 * configured deadline, closes the rest with the configured action (both as the running config has them,
 * a reload included) and exits 0; a second one resets what is left and exits 1 at once (within
 * {@link #FORCED_WAIT_MILLIS}), whenever it comes: during the drain, before it began, or during the start.
 * Further ones change nothing. Installed before the gateway starts (its routes may accept clients before
 * the start completes): a first signal during the start waits for it, up to {@link #START_WAIT_SECONDS},
 * then stops as usual; a second one cuts the start short, however long it would still take: the gateway,
 * handed over as soon as it exists ({@link #starting}), stops at once (every connection its routes accepted
 * gets a RST, and nothing more of it listens; a cluster member still joining is waited for, within
 * {@link #FORCED_WAIT_MILLIS}, and leaves), and the start fails. A start that fails by itself is
 * reported by the launcher, which exits (1), also when a second signal comes once that failure stopped
 * the gateway; a second signal that cut the start short exits without it.
 */
final class GracefulStop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger("tcpgate");
  /** Exit code when a second signal cut the stop short. */
  static final int EXIT_FORCED = 1;
  /** How long a stop signal waits for a gateway still starting, s. */
  static final long START_WAIT_SECONDS = 60;
  /** How long a second signal waits for the reset of what is left, ms. */
  static final long FORCED_WAIT_MILLIS = 5_000;

  private final Future<Gateway> started;
  private final Vertx vertx;
  /** How a second signal ends the JVM, once it reset what was left: {@link #haltForced} (tests pass their own). */
  private final Runnable forcedExit;
  /** Counted down once a second signal's handler ended without ending the JVM (its exit threw). */
  private final CountDownLatch forcingEnded = new CountDownLatch(1);
  /** Stop signals so far; guarded by this, as are {@link #gateway} and {@link #closing}. */
  private int signals;
  /** The gateway from the moment it exists (its start may still run); null before. */
  private Gateway gateway;
  /** Whether the drain ended and Vert.x closes: a second signal has nothing left to reset. */
  private boolean closing;

  /** {@code started}: the gateway once the launcher is done starting it (and said so), or the start's failure. */
  GracefulStop(Future<Gateway> started, Vertx vertx) {
    this(started, vertx, GracefulStop::haltForced);
  }

  /** {@code forcedExit}: what a second signal does last, in place of writing out the logs and halting. */
  GracefulStop(Future<Gateway> started, Vertx vertx, Runnable forcedExit) {
    this.started = started;
    this.vertx = vertx;
    this.forcedExit = forcedExit;
  }

  /**
   * Called by the launcher as soon as the gateway exists, before anything of it listens. When a second
   * signal came before (it found nothing to reset, and exits), the gateway stops at once: its start opens nothing.
   */
  void starting(Gateway created) {
    boolean forced;
    synchronized (this) {
      gateway = created;
      forced = signals > 1;
    }
    if (forced) {
      created.stop();
    }
  }

  /**
   * Called by the launcher once the start failed: when a second signal came (it stopped the gateway, which
   * fails a start under way), waits for that signal's exit ({@link #EXIT_FORCED}) rather than let the
   * launcher report the failure and exit first. Returns at once otherwise; and as soon as that signal's
   * handler ended without exiting (its exit failed, or the start had failed by itself: the launcher reports
   * it), or after twice {@link #FORCED_WAIT_MILLIS} at most.
   */
  void awaitForcedExit() {
    synchronized (this) {
      if (signals < 2) {
        return;
      }
    }
    try {
      forcingEnded.await(2 * FORCED_WAIT_MILLIS, TimeUnit.MILLISECONDS); // the second signal halts the JVM long before
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    int n;
    Gateway left;
    synchronized (this) {
      n = ++signals;
      left = closing ? null : gateway;
    }
    if (n == 1) {
      new Thread(this::stop, "tcpgate-stop").start();
    } else if (n == 2) {
      force(left);
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
   * The second signal: resets what is left of {@code gateway} (null: nothing, or Vert.x closes already),
   * cutting a start still running short, and exits {@link #EXIT_FORCED}; unless the start had failed by
   * itself: the launcher reports that failure and exits (1 as well), once this ended.
   */
  private void force(Gateway gateway) {
    try {
      LOG.warn("second stop signal: resetting the connections left and exiting now");
      // stopping before this signal: the first one's drain, or a start that failed by itself (its own stop)
      boolean stoppingAlready = gateway != null && gateway.isStopping();
      try {
        if (gateway != null) {
          gateway.stop().toCompletionStage().toCompletableFuture().get(FORCED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        }
      } catch (Exception ignored) {
        // exiting anyway
      }
      if (!(stoppingAlready && startFailed())) {
        forcedExit.run();
      }
    } finally {
      forcingEnded.countDown(); // reached only when the JVM did not end: the launcher need not wait any longer
    }
  }

  /** Whether the start failed, waiting for its outcome {@link #FORCED_WAIT_MILLIS} at most. */
  private boolean startFailed() {
    try {
      started.toCompletionStage().toCompletableFuture().get(FORCED_WAIT_MILLIS, TimeUnit.MILLISECONDS);
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (TimeoutException e) {
      return false;
    }
  }

  /** The end of a second signal: writes out the logs and halts with {@link #EXIT_FORCED}. */
  private static void haltForced() {
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
