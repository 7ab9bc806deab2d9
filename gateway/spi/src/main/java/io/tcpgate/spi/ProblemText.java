package io.tcpgate.spi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * How a problem with a config value writes what it was given, and the known field a misspelt one may have
 * meant: the gateway's own checks and {@link PolicyConfig} use it, so every message says these alike.
 */
public final class ProblemText {
  /** Most characters of a list or an object shown in a problem; a longer one is cut, ending in {@code …}. */
  static final int MAX_SHOWN = 40;

  private ProblemText() {
  }

  /**
   * A value as a problem shows it: a string quoted ({@code "2s"}), {@code a list [1]}, {@code an object {"a":1}}
   * (cut after {@value #MAX_SHOWN} characters), {@code the boolean true}, a number or {@code null} as read.
   */
  public static String value(Object value) {
    if (value instanceof String) {
      return "\"" + value + "\"";
    }
    if (value instanceof JsonArray || value instanceof List) {
      return "a list " + cut(value instanceof List ? new JsonArray((List<?>) value).encode() : ((JsonArray) value).encode());
    }
    if (value instanceof JsonObject || value instanceof Map) {
      return "an object " + cut(value instanceof Map ? new JsonObject(stringKeys((Map<?, ?>) value)).encode() : ((JsonObject) value).encode());
    }
    if (value instanceof Boolean) {
      return "the boolean " + value;
    }
    return String.valueOf(value);
  }

  private static String cut(String text) {
    return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN - 1) + "…";
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  /**
   * {@code did you mean 'connect-timeout'? } when one of {@code known} is close to {@code written}, else "".
   * Close: the same name but for case and {@code _}, {@code -} or a space between words
   * ({@code connect_timeout}, {@code Listen}), or at most 2 letters apart (1 for a name of under 8): one
   * added, left out, changed, or two side by side swapped ({@code listne}). Of several, the nearest, then
   * the first in alphabetical order.
   */
  public static String didYouMean(String written, Collection<String> known) {
    String w = plain(written);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : new TreeSet<>(known)) {
      int d = distance(w, plain(k));
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = w.length() < 8 ? 1 : 2;
    return best != null && bestDistance <= allowed && !best.equals(written) ? "did you mean '" + best + "'? " : "";
  }

  /** A field name in lower case with {@code -} between its words, as tcpgate writes its own. */
  private static String plain(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
  }

  /** Letters added, left out, changed, or swapped with the next one, to turn {@code a} into {@code b}. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int change = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + change);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
