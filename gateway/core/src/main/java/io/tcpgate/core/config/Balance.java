package io.tcpgate.core.config;

import java.util.Locale;

/** How a route picks the first backend to try for a new connection. */
public enum Balance {
  /** Each new connection starts at the next backend in turn. */
  ROUND_ROBIN,
  /** The backend with the fewest live connections of this route first (ties in turn). */
  LEAST_CONNECTIONS;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Balance parse(String s) {
    for (Balance b : values()) {
      if (b.wireName().equals(s)) {
        return b;
      }
    }
    return null;
  }
}
