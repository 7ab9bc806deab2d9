package io.tcpgate.spi;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes as written in config files: a whole number of bytes, or with {@code k}, {@code m}, {@code g} (binary: 1k = 1024). */
public final class Sizes {
  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*([kmg])(?:i?b)?");
  public static final String EXPECTED = "a size such as 65536, 64k, 1m (k = 1024 bytes)";

  private Sizes() {
  }

  public static long parseBytes(Object value) {
    if (value instanceof Number && ((Number) value).doubleValue() == Math.rint(((Number) value).doubleValue())
        && ((Number) value).longValue() >= 0) {
      return ((Number) value).longValue();
    }
    if (value instanceof String) {
      String s = ((String) value).trim().toLowerCase(Locale.ROOT);
      if (s.matches("\\d+")) {
        return Long.parseLong(s);
      }
      Matcher m = FORM.matcher(s);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        int shift = m.group(2).equals("k") ? 10 : m.group(2).equals("m") ? 20 : 30;
        return n << shift;
      }
    }
    throw new IllegalArgumentException("expected " + EXPECTED + ", got " + Durations.describe(value));
  }

  /** {@link #parseBytes(Object)}, which must also be in {@code [min, max]}; the message says what is wrong. */
  public static long parseBytes(Object value, long min, long max) {
    long n = parseBytes(value);
    if (n < min || n > max) {
      throw new IllegalArgumentException("must be from " + format(min) + " to " + format(max) + ", got " + Durations.describe(value));
    }
    return n;
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
