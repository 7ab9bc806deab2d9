package io.tcpgate.spi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a problem with a config value writes what it was given: the gateway's own checks and
 * {@link PolicyConfig} use it, so every message says it alike.
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
}
