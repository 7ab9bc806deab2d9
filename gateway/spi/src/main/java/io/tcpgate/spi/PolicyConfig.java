package io.tcpgate.spi;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Typed, validating view of one policy entry. Every getter throws an
 * {@link InvalidPolicyConfigException} that names the field and what would be valid.
 */
public final class PolicyConfig {
  private final JsonObject json;

  public PolicyConfig(JsonObject json) {
    this.json = json == null ? new JsonObject() : json;
  }

  /** The raw entry (without {@code type}). */
  public JsonObject json() {
    return json.copy();
  }

  /** Whether the field is present. */
  public boolean has(String field) {
    return json.containsKey(field);
  }

  /** Fails on any field not listed, naming it and the known ones. */
  public PolicyConfig allowOnly(String... fields) throws InvalidPolicyConfigException {
    List<String> known = Arrays.asList(fields);
    for (String name : new TreeSet<>(json.fieldNames())) {
      if (!known.contains(name)) {
        throw new InvalidPolicyConfigException(name, "unknown field '" + name + "'; known fields: "
          + (known.isEmpty() ? "none" : String.join(", ", known)));
      }
    }
    return this;
  }

  public boolean bool(String field, boolean defaultValue) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    throw new InvalidPolicyConfigException(field, "expected true or false, got " + Durations.describe(v));
  }

  public String string(String field, String defaultValue) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof String) {
      return (String) v;
    }
    throw new InvalidPolicyConfigException(field, "expected a string, got " + Durations.describe(v));
  }

  /** One of {@code allowed} (case-insensitive); returns it in lower case. */
  public String choice(String field, String defaultValue, String... allowed) throws InvalidPolicyConfigException {
    String v = string(field, defaultValue);
    if (v == null) {
      return null;
    }
    String lower = v.toLowerCase(Locale.ROOT);
    if (Arrays.asList(allowed).contains(lower)) {
      return lower;
    }
    throw new InvalidPolicyConfigException(field, "expected one of " + String.join(", ", allowed) + ", got \"" + v + "\"");
  }

  /** {@code fin} or {@code rst}. */
  public CloseAction closeAction(String field, CloseAction defaultValue) throws InvalidPolicyConfigException {
    return CloseAction.parse(choice(field, defaultValue == null ? null : defaultValue.wireName(), "fin", "rst"));
  }

  /** A duration in milliseconds (see {@link Durations}); {@code min} is the smallest valid value. */
  public long durationMillis(String field, long defaultValue, long min) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v == null) {
      return defaultValue;
    }
    long ms;
    try {
      ms = Durations.parseMillis(v);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyConfigException(field, e.getMessage());
    }
    if (ms < min) {
      throw new InvalidPolicyConfigException(field, "must be at least " + Durations.format(min) + ", got " + Durations.describe(v));
    }
    return ms;
  }

  /** A size in bytes in {@code [min, max]}: a whole number, or {@code 64k}, {@code 1m} (see {@link Sizes}). */
  public long bytes(String field, long defaultValue, long min, long max) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v == null) {
      return defaultValue;
    }
    try {
      return Sizes.parseBytes(v, min, max);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyConfigException(field, e.getMessage());
    }
  }

  /** A whole number in {@code [min, max]}. */
  public long integer(String field, long defaultValue, long min, long max) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue()) && Sizes.fitsLong((Number) v)) {
      long n = ((Number) v).longValue();
      if (n >= min && n <= max) {
        return n;
      }
    }
    throw new InvalidPolicyConfigException(field, "expected a whole number from " + min + " to " + max + ", got " + Durations.describe(v));
  }

  /** A number in {@code [min, max]}. */
  public double number(String field, double defaultValue, double min, double max) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number) {
      double n = ((Number) v).doubleValue();
      if (n >= min && n <= max) {
        return n;
      }
    }
    throw new InvalidPolicyConfigException(field, "expected a number from " + min + " to " + max + ", got " + Durations.describe(v));
  }
}
