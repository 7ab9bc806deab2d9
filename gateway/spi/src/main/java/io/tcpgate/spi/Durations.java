package io.tcpgate.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as written in config files: a whole number of milliseconds ({@code 1500}) or a number
 * with a unit: {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} ({@code 250ms}, {@code 2s},
 * {@code 1.5s}, {@code 5m}).
 */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(us|ms|s|m|h)");

  private Durations() {
  }

  /** What a valid duration looks like, for error messages. */
  public static final String EXPECTED = "a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number of milliseconds";

  /**
   * Returns the duration in microseconds.
   *
   * @throws IllegalArgumentException when {@code value} is not a valid, non-negative duration
   */
  public static long parseMicros(Object value) {
    if (value instanceof Number) {
      Number n = (Number) value;
      if (n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("expected " + EXPECTED + ", got " + value);
      }
      return Math.multiplyExact(n.longValue(), 1000L);
    }
    if (value instanceof String) {
      String s = ((String) value).trim();
      if (s.matches("\\d+")) {
        return Math.multiplyExact(Long.parseLong(s), 1000L);
      }
      Matcher m = FORM.matcher(s);
      if (m.matches()) {
        double amount = Double.parseDouble(m.group(1));
        double micros;
        switch (m.group(2)) {
          case "us": micros = amount; break;
          case "ms": micros = amount * 1_000d; break;
          case "s": micros = amount * 1_000_000d; break;
          case "m": micros = amount * 60_000_000d; break;
          default: micros = amount * 3_600_000_000d; break;
        }
        if (micros < Long.MAX_VALUE) {
          return Math.round(micros);
        }
      }
    }
    throw new IllegalArgumentException("expected " + EXPECTED + ", got " + describe(value));
  }

  /** Returns the duration in milliseconds, rounded up so that a non-zero duration stays non-zero. */
  public static long parseMillis(Object value) {
    long micros = parseMicros(value);
    return (micros + 999) / 1000;
  }

  /** Formats milliseconds the way config files write them. */
  public static String format(long millis) {
    if (millis != 0 && millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis != 0 && millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }

  static String describe(Object value) {
    return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
  }
}
