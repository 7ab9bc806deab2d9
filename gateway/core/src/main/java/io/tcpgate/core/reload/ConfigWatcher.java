package io.tcpgate.core.reload;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.ReloadStatus;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.ReloadConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the config file: every {@code reload.scan-period} (default 1 s; a reload that changes it
 * re-arms the watch with the new period, 0 stops it) its bytes are read; when they
 * differ from the last version applied and are the same at the next scan (a save in two steps is
 * applied as a whole), the file is read with vertx-config, validated, and applied
 * with {@link Gateway#reload}. An invalid version keeps the running config, is logged once as an
 * error naming the file, route and field, and shows in {@code /health} until a valid version is
 * applied. Polling (vertx-config has no file events); one look at a time, never overlapping. A route
 * of the file that waits for a runtime route of its name to go is applied when that route is deleted
 * (the file is read again then).
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
  private final Gateway gateway;
  private final ConfigLoader loader;
  private final Path file;
  private volatile Buffer lastSeen;
  /** A version that differs from {@link #lastSeen}, seen at the last scan: applied if the next finds it unchanged. */
  private volatile Buffer settling;
  private volatile boolean isSettling;
  private long timer = -1;
  /** How often the file is looked at now, ms; 0: not watched. */
  private volatile long scanPeriodMillis;
  /** A read-and-apply is under way (the timer's and a reload request's run on different threads). */
  private final AtomicBoolean busy = new AtomicBoolean();
  /** A reload was requested and has not started yet. */
  private volatile boolean requested;
  /** Routes of the file the last reload left out because a runtime route holds their name. */
  private volatile List<String> waiting = List.of();

  public ConfigWatcher(Gateway gateway, ConfigLoader loader, Path file) {
    this.gateway = gateway;
    this.loader = loader;
    this.file = file;
  }

  /**
   * Starts watching the file every {@code scanPeriodMillis} (0: only when {@link #reloadNow} is called);
   * the file as it is now is the one running (for a caller that has just loaded it).
   */
  public ConfigWatcher start(long scanPeriodMillis) {
    return start(scanPeriodMillis, readNow());
  }

  /**
   * Starts watching the file every {@code scanPeriodMillis} (0: only when {@link #reloadNow} is called);
   * {@code loaded} is the file's bytes as read before the running config was loaded from it (null: there
   * was no file), so a change saved since (while the gateway started) is applied once seen.
   */
  public ConfigWatcher start(long scanPeriodMillis, Buffer loaded) {
    lastSeen = loaded;
    gateway.reloadStatus().watching(file.toString());
    gateway.onRuntimeRouteDeleted(this::runtimeRouteDeleted);
    arm(scanPeriodMillis);
    return this;
  }

  /** Looks at the file every {@code periodMillis} from now on (0: not at all), in place of the period before. */
  private synchronized void arm(long periodMillis) {
    if (timer >= 0) {
      gateway.vertx().cancelTimer(timer);
      timer = -1;
    }
    scanPeriodMillis = periodMillis;
    if (periodMillis > 0) {
      timer = gateway.vertx().setPeriodic(periodMillis, id -> tick());
      LOG.info("watching {} for changes every {} ms", file, periodMillis);
    } else {
      LOG.info("not watching {} (scan-period 0): reloaded on SIGHUP only", file);
    }
  }

  /** How often the file is looked at now, ms; 0: only on {@link #reloadNow}. */
  public long scanPeriodMillis() {
    return scanPeriodMillis;
  }

  /** Reads and applies the file now, changed or not (SIGHUP); from any thread. */
  public void reloadNow() {
    requested = true;
    gateway.vertx().runOnContext(v -> serveRequest());
  }

  private void runtimeRouteDeleted(String route) {
    if (waiting.contains(route)) {
      LOG.info("route {}: the route created at run time is deleted; applying the file's", route);
      reloadNow();
    }
  }

  /** Runs a requested reload unless another read-and-apply is under way (it comes back here once done). */
  private void serveRequest() {
    if (!requested || !busy.compareAndSet(false, true)) {
      return;
    }
    requested = false;
    LOG.info("reloading {} on request", file);
    readThenCheck(true);
  }

  private void done() {
    busy.set(false);
    serveRequest();
  }

  private Buffer readNow() {
    return read(gateway.vertx(), file);
  }

  /** The file's bytes now, or null when it cannot be read; taken before loading it, for {@link #start(long, Buffer)}. */
  public static Buffer read(Vertx vertx, Path file) {
    try {
      return vertx.fileSystem().readFileBlocking(file.toString());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private void tick() {
    if (busy.compareAndSet(false, true)) {
      readThenCheck(false);
    }
  }

  /**
   * Reads the file and applies it when its bytes changed and stayed so for one more scan, so a file
   * saved in two steps (truncated, then written) is applied as a whole ({@code always}: at once, in any
   * case); then {@link #done}.
   */
  private void readThenCheck(boolean always) {
    gateway.vertx().fileSystem().readFile(file.toString())
      .transform(ar -> {
        Buffer bytes = ar.succeeded() ? ar.result() : null;
        if (!always) {
          if (same(bytes, lastSeen)) {
            isSettling = false;
            return Future.succeededFuture();
          }
          if (!isSettling || !same(bytes, settling)) {
            isSettling = true; // changed since the last scan: looked at again at the next
            settling = bytes;
            return Future.succeededFuture();
          }
        }
        isSettling = false;
        lastSeen = bytes;
        return check();
      })
      .onComplete(ar -> done());
  }

  private static boolean same(Buffer a, Buffer b) {
    return a == null ? b == null : a.equals(b);
  }

  /** Loads and applies the file now; the future fails only on a bug, never on a bad file. */
  public Future<Void> check() {
    if (gateway.isStopping()) {
      return Future.succeededFuture();
    }
    ReloadConfig before = gateway.config().reload();
    return loader.load(gateway.vertx(), file)
      .compose(gateway::reload)
      .transform(ar -> {
        if (ar.succeeded()) {
          ReloadResult r = ar.result();
          waiting = r.waiting();
          if (!r.applied().reload().equals(before)) {
            arm(r.applied().reload().scanPeriodMillis());
          }
        } else {
          LOG.error("config reload rejected, the running config stays: {}", ReloadStatus.describe(ar.cause()));
          gateway.reloadStatus().rejected(ar.cause());
        }
        return Future.succeededFuture();
      });
  }

  @Override
  public synchronized void close() {
    if (timer >= 0) {
      gateway.vertx().cancelTimer(timer);
      timer = -1;
    }
  }
}
