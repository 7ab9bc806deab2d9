package io.tcpgate.core.config;

/**
 * Watching the config file for changes ({@code reload:} in the file).
 *
 * @param scanPeriodMillis how often the file is looked at, ms (default 1000); 0 turns watching off.
 *     The file is re-read and re-validated only when its bytes changed and were the same at the next
 *     look: a change applies one to two periods after it is saved.
 */
public record ReloadConfig(long scanPeriodMillis) {
  public static final long DEFAULT_SCAN_PERIOD_MILLIS = 1_000;
  public static final ReloadConfig DEFAULT = new ReloadConfig(DEFAULT_SCAN_PERIOD_MILLIS);

  public boolean enabled() {
    return scanPeriodMillis > 0;
  }
}
