package io.tcpgate.core;

import io.tcpgate.core.reload.ReloadResult;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the config watcher last saw, shown in {@code /health}: the file, when the last good version was
 * applied (by {@link Gateway#reload}), the error of the current file while it is invalid (null once a valid version applied), and
 * what the version applied could not apply and still cannot.
 */
public final class ReloadStatus {
  private volatile String file;
  private volatile Instant appliedAt;
  private volatile int reloads;
  private volatile String error;
  /** What the last version applied could not apply, in its order, less what has been settled since; guarded by this. */
  private final List<String> warnings = new ArrayList<>();
  /** The line of {@link #warnings} of each route that version left not listening where it says; guarded by this. */
  private final Map<String, String> untilListening = new HashMap<>();

  /** The watched file (null: not watching). */
  public void watching(String file) {
    this.file = file;
  }

  /** A valid version was applied: its problems are the warnings, each naming what it could not apply. */
  public synchronized void applied(ReloadResult result) {
    appliedAt = Instant.now();
    reloads++;
    error = null;
    warnings.clear();
    warnings.addAll(result.problems());
    untilListening.clear();
    untilListening.putAll(result.notListening());
  }

  /**
   * {@code route} now is as the file says, or is no longer wanted there (disabled or gone): the warning
   * that it could not listen goes.
   *
   * @return whether there was such a warning
   */
  public synchronized boolean settled(String route) {
    String line = untilListening.remove(route);
    return line != null && warnings.remove(line);
  }

  /**
   * The warning of a reload that {@code route} could not listen where the file says, while it stands (until
   * the route listens there, is disabled or is gone); null when there is none.
   */
  public synchronized String notListening(String route) {
    return untilListening.get(route);
  }

  /** The file on disk is invalid: the running config stays; {@code cause}'s message is shown (its class name when it has none). */
  public void rejected(Throwable cause) {
    error = describe(cause);
  }

  /** A failure's message, or its class name when it has none (never null). */
  public static String describe(Throwable cause) {
    String m = cause.getMessage();
    return m == null || m.isBlank() ? cause.getClass().getSimpleName() : m;
  }

  /** The current file's error, or null when the running config is the file's. */
  public String error() {
    return error;
  }

  public int reloads() {
    return reloads;
  }

  public synchronized JsonObject toJson() {
    return new JsonObject()
      .put("file", file)
      .put("watching", file != null)
      .put("status", error == null ? "OK" : "INVALID")
      .put("error", error)
      .put("warnings", warnings.isEmpty() ? null : String.join("; ", warnings))
      .put("reloads", reloads)
      .put("last_applied", appliedAt == null ? null : appliedAt.toString());
  }
}
