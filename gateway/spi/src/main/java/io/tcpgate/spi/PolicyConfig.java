package io.tcpgate.spi;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Typed, validating view of one policy entry. Every problem names the field and what would be valid.
 *
 * <p>Built with {@link #PolicyConfig(JsonObject)}, a getter throws an {@link InvalidPolicyConfigException} at
 * the first bad field. The gateway reads a config file through {@link #create(PolicyFactory, JsonObject)}
 * instead, where a getter notes the problem, returns its default and lets the factory read on, so that every
 * bad field of an entry is reported in one run. A factory reports a check of its own the same way, with
 * {@link #invalid}; one across fields asks {@link #valid} first.
 */
public final class PolicyConfig {
  private final JsonObject json;
  /** Put before a field's name in a problem: "" or the path of a nested object ({@code attributes.}). */
  private final String path;
  /** Problems noted so far, shared with nested views; null when a getter throws at once. */
  private final List<InvalidPolicyConfigException> problems;

  public PolicyConfig(JsonObject json) {
    this(json, "", null);
  }

  private PolicyConfig(JsonObject json, String path, List<InvalidPolicyConfigException> problems) {
    this.json = json == null ? new JsonObject() : json;
    this.path = path;
    this.problems = problems;
  }

  /**
   * Runs {@code factory} on {@code settings}, reading on past a bad field. The factory's own checks are
   * listed with the fields' problems when it reports them through {@link #invalid}; what it throws once a
   * field is bad is dropped, as it may rest on the default read in that field's place.
   *
   * @throws InvalidPolicyConfigException the first problem, with every problem in {@link InvalidPolicyConfigException#problems()}
   */
  public static Policy create(PolicyFactory factory, JsonObject settings) throws InvalidPolicyConfigException {
    List<InvalidPolicyConfigException> found = new ArrayList<>();
    Policy policy;
    try {
      policy = factory.create(new PolicyConfig(settings, "", found));
    } catch (InvalidPolicyConfigException | RuntimeException e) {
      if (found.isEmpty()) {
        throw e;
      }
      policy = null;
    }
    if (!found.isEmpty()) {
      throw new InvalidPolicyConfigException(found);
    }
    return policy;
  }

  /** The raw entry (without {@code type}). */
  public JsonObject json() {
    return json.copy();
  }

  /** Whether the field is present. */
  public boolean has(String field) {
    return json.containsKey(field);
  }

  /**
   * A field without a default: when it is absent, reports {@code missing; expected <expected>} as
   * {@link #invalid} does (throws, or notes it with the others).
   *
   * @return whether the field is present
   */
  public boolean required(String field, String expected) throws InvalidPolicyConfigException {
    if (has(field)) {
      return true;
    }
    invalid(field, "missing; expected " + expected, null);
    return false;
  }

  /**
   * The object in {@code field} (empty when absent), read like this entry; its problems name
   * {@code field.<name>}.
   */
  public PolicyConfig object(String field) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v != null && !(v instanceof JsonObject)) {
      v = invalid(field, "expected an object, got " + Durations.describe(v), null);
    }
    return new PolicyConfig((JsonObject) v, path + field + ".", problems);
  }

  /** Fails on any field not listed, naming it and the known ones. */
  public PolicyConfig allowOnly(String... fields) throws InvalidPolicyConfigException {
    List<String> known = Arrays.asList(fields);
    for (String name : new TreeSet<>(json.fieldNames())) {
      if (!known.contains(name)) {
        invalid(name, "unknown field '" + name + "'; " + ProblemText.didYouMean(name, known) + "known fields: "
          + (known.isEmpty() ? "none" : String.join(", ", known)), null);
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
    return invalid(field, "expected true or false, got " + Durations.describe(v), defaultValue);
  }

  public String string(String field, String defaultValue) throws InvalidPolicyConfigException {
    Object v = json.getValue(field);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof String) {
      return (String) v;
    }
    return invalidText(field, "expected a string, got " + Durations.describe(v), defaultValue);
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
    return invalidText(field, "expected one of " + String.join(", ", allowed) + ", got \"" + v + "\"", defaultValue);
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
      return invalidText(field, e.getMessage(), defaultValue);
    }
    if (ms < min) {
      return invalid(field, "must be at least " + Durations.format(min) + ", got " + Durations.describe(v), defaultValue);
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
      return invalidText(field, e.getMessage(), defaultValue);
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
    return invalid(field, "expected a whole number from " + min + " to " + max + ", got " + Durations.describe(v), defaultValue);
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
    return invalid(field, "expected a number from " + min + " to " + max + ", got " + Durations.describe(v), defaultValue);
  }

  /**
   * Whether none of {@code fields} has had a problem noted: always true when a getter throws at once. A
   * check across fields asks it first, so that it does not fail on a default read in place of a bad value.
   */
  public boolean valid(String... fields) {
    if (problems == null) {
      return true;
    }
    List<String> named = Arrays.stream(fields).map(f -> path + f).toList();
    return problems.stream().noneMatch(p -> named.contains(p.field()));
  }

  /**
   * A problem with {@code field} that the getters cannot see (a value the factory parses itself), or with
   * this object as a whole when {@code field} is null (fields that do not go together): throws it, or,
   * when reading on past bad fields, notes it with the others and returns {@code fallback}. A whole
   * entry's problem has no field; a nested object's is named by the object ({@code attributes}).
   */
  public <T> T invalid(String field, String message, T fallback) throws InvalidPolicyConfigException {
    return invalid(field, message, fallback, false);
  }

  /** {@link #invalid} for a field that takes text: a string, a word, a duration or a size (see {@link InvalidPolicyConfigException#wantsText()}). */
  private <T> T invalidText(String field, String message, T fallback) throws InvalidPolicyConfigException {
    return invalid(field, message, fallback, true);
  }

  private <T> T invalid(String field, String message, T fallback, boolean wantsText) throws InvalidPolicyConfigException {
    String at = field != null ? path + field : path.isEmpty() ? null : path.substring(0, path.length() - 1);
    InvalidPolicyConfigException problem = new InvalidPolicyConfigException(at, message, wantsText);
    if (problems == null) {
      throw problem;
    }
    problems.add(problem);
    return fallback;
  }
}
