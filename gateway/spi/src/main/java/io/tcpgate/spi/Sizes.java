package io.tcpgate.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as written in config files: a whole number of bytes, or with {@code k}, {@code m}, {@code g} (binary: 1k = 1024). */
public final class Sizes {
  /**
   * A size written as text: bytes, or a number and its unit in either case (ASCII letters only); spaces and tabs
   * may stand around it and between the two, no line break (as the config schema's pattern has it).
   */
  private static final Pattern FORM = Pattern.compile("[ \\t]*(\\d+)(?:[ \\t]*([kmg])(?:i?b)?)?[ \\t]*", Pattern.CASE_INSENSITIVE);
  public static final String EXPECTED = "a size such as 65536, 64k, 1m (k = 1024 bytes)";

  private Sizes() {
  }

  /**
   * Returns the size in bytes.
   *
   * @throws IllegalArgumentException when {@code value} is not a valid size, or is more than a long holds
   */
  public static long parseBytes(Object value) {
    long n = parse(value);
    if (n < 0) {
      throw new IllegalArgumentException("too large: at most " + Long.MAX_VALUE + " bytes, got " + Durations.describe(value));
    }
    return n;
  }

  /** {@link #parseBytes(Object)}, which must also be in {@code [min, max]}; the message says what is wrong. */
  public static long parseBytes(Object value, long min, long max) {
    long n = parse(value);
    if (n < 0 || n < min || n > max) {
      throw new IllegalArgumentException("must be from " + format(min) + " to " + format(max) + ", got " + Durations.describe(value));
    }
    return n;
  }

  /** The size in bytes, or -1 when it is well formed but more than a long holds. */
  private static long parse(Object value) {
    if (value instanceof Number && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())
        && ((Number) value).doubleValue() >= 0) {
      return fitsLong((Number) value) ? ((Number) value).longValue() : -1;
    }
    if (value instanceof String) {
      Matcher m = FORM.matcher((String) value);
      if (m.matches()) {
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int shift = unit.isEmpty() ? 0 : unit.equals("k") ? 10 : unit.equals("m") ? 20 : 30;
        try {
          long n = Long.parseLong(m.group(1));
          return n > Long.MAX_VALUE >> shift ? -1 : n << shift;
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    throw new IllegalArgumentException("expected " + EXPECTED + ", got " + Durations.describe(value));
  }

  /** Whether a whole number is within a long (a number read from JSON or YAML may be a BigInteger). */
  static boolean fitsLong(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
      || n.doubleValue() >= -0x1p63 && n.doubleValue() < 0x1p63;
  }

  public static String format(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + "m";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return (bytes >> 10) + "k";
    }
    return Long.toString(bytes);
  }
}
