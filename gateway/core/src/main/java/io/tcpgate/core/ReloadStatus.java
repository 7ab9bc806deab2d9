package io.tcpgate.core;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * What the config watcher last saw, shown in {@code /health}: the file, when the last good version was
 * applied, and the error of the current file while it is invalid (null once a valid version applied).
 */
public final class ReloadStatus {
  private volatile String file;
  private volatile Instant appliedAt;
  private volatile int reloads;
  private volatile String error;
  private volatile String warnings;

  /** The watched file (null: not watching). */
  public void watching(String file) {
    this.file = file;
  }

  /** A valid version was applied; {@code warnings} (or null) names what it could not apply. */
  public void applied(String warnings) {
    appliedAt = Instant.now();
    reloads++;
    error = null;
    this.warnings = warnings;
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

  public JsonObject toJson() {
    return new JsonObject()
      .put("file", file)
      .put("watching", file != null)
      .put("status", error == null ? "OK" : "INVALID")
      .put("error", error)
      .put("warnings", warnings)
      .put("reloads", reloads)
      .put("last_applied", appliedAt == null ? null : appliedAt.toString());
  }
}
