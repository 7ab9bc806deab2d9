package io.tcpgate.spi;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations as written in config files: a whole number of milliseconds ({@code 1500}) or a number
 * with a unit: {@code us}, {@code ms}, {@code s}, {@code m}, {@code h} ({@code 250ms}, {@code 2s},
 * {@code 1.5s}, {@code 5m}), at most {@link #MAX_MILLIS} (365 days).
 */
public final class Durations {
  /**
   * A duration written as text: whole milliseconds, or a number and its unit; spaces and tabs may stand around
   * it and between the two, no line break (as the config schema's pattern has it).
   */
  private static final Pattern FORM = Pattern.compile("[ \\t]*(?:(\\d+)|(\\d+(?:\\.\\d+)?)[ \\t]*(us|ms|s|m|h))[ \\t]*");

  private Durations() {
  }

  /** What a valid duration looks like, for error messages. */
  public static final String EXPECTED = "a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number of milliseconds";

  /**
   * The longest duration accepted, ms: 365 days ({@code 8760h}). A longer one is refused, so that a
   * duration in nanoseconds added to a clock reading stays far from overflowing a long.
   */
  public static final long MAX_MILLIS = 365L * 24 * 3_600_000;

  private static final long MAX_MICROS = MAX_MILLIS * 1000;

  /** The bound as error messages give it. */
  private static final String AT_MOST = "must be at most 8760h (365 days), got ";

  /**
   * Returns the duration in microseconds, at most {@link #MAX_MILLIS} × 1000.
   *
   * @throws IllegalArgumentException when {@code value} is not a valid, non-negative duration, or is
   *     longer than {@link #MAX_MILLIS}; the message says what is valid
   */
  public static long parseMicros(Object value) {
    if (value instanceof Number) {
      Number n = (Number) value;
      if (n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException("expected " + EXPECTED + ", got " + value);
      }
      return micros(n.doubleValue() * 1_000d, value);
    }
    if (value instanceof String) {
      Matcher m = FORM.matcher((String) value);
      if (m.matches()) {
        boolean bareNumber = m.group(1) != null; // whole milliseconds
        double amount = Double.parseDouble(bareNumber ? m.group(1) : m.group(2));
        double micros;
        switch (bareNumber ? "ms" : m.group(3)) {
          case "us": micros = amount; break;
          case "ms": micros = amount * 1_000d; break;
          case "s": micros = amount * 1_000_000d; break;
          case "m": micros = amount * 60_000_000d; break;
          default: micros = amount * 3_600_000_000d; break;
        }
        return micros(micros, value);
      }
    }
    throw new IllegalArgumentException("expected " + EXPECTED + ", got " + describe(value));
  }

  /** {@code micros} rounded, when within the bound. */
  private static long micros(double micros, Object value) {
    if (micros > MAX_MICROS) {
      throw new IllegalArgumentException(AT_MOST + describe(value));
    }
    return Math.round(micros);
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
    return ProblemText.value(value);
  }
}
