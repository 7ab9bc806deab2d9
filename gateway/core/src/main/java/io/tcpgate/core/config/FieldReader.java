package io.tcpgate.core.config;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.Durations;
import io.tcpgate.spi.ProblemText;
import io.tcpgate.spi.Sizes;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a config document's fields as typed values and keeps the problems of one parse. A reader given a
 * wrong value records a problem and returns the default; each problem names the source (or where the
 * field's value came from instead), the route and the field, and what would be valid.
 */
final class FieldReader {
  /** Where a problem says it got a boolean: {@code got the boolean true}; the quote hint follows it. */
  private static final Pattern GOT_A_BOOLEAN = Pattern.compile(Pattern.quote("got " + ProblemText.value(true)) + "|"
    + Pattern.quote("got " + ProblemText.value(false)));

  private final String source;
  private final Map<String, String> origins;
  /** By JSON pointer ({@code /routes/0/balance}), the word a YAML file wrote where it was read as a boolean ({@code on}). */
  private final Map<String, String> booleanWords;
  /** {@link #booleanWords} by field as {@link #problem} names it ({@code route 'web'.balance}), for the document of this parse. */
  private final Map<String, String> booleanWordsByField = new HashMap<>();
  private final List<String> problems = new ArrayList<>();
  /** The field of each problem, as {@link ConfigSchema.Problem#field()} names it: {@code route 'web'.listen}. */
  private final Set<String> fieldsAtFault = new HashSet<>();

  /**
   * @param origins by dotted field path ({@code admin.port}), where its value came from
   *     ({@code environment variable TCPGATE_ADMIN_PORT}): a problem with it names that instead of {@code source}
   * @param booleanWords by JSON pointer ({@code /routes/0/balance}), the word a YAML file wrote where it was read
   *     as a boolean ({@code on}): a field that wants text and got it is told to quote the word
   */
  FieldReader(String source, Map<String, String> origins, Map<String, String> booleanWords) {
    this.source = source;
    this.origins = Map.copyOf(origins);
    this.booleanWords = Map.copyOf(booleanWords);
  }

  /** Forgets the problems recorded, for a parse of {@code doc}. */
  void start(JsonObject doc) {
    problems.clear();
    fieldsAtFault.clear();
    booleanWordsByField.clear();
    booleanWords.forEach((pointer, word) -> booleanWordsByField.put(ConfigSchema.field(doc, pointer), word));
  }

  /** The problems recorded, one line each, in the order found. */
  List<String> problems() {
    return List.copyOf(problems);
  }

  /** How many problems are recorded. */
  int problemCount() {
    return problems.size();
  }

  private String where(String route) {
    return source + ": " + (route.isEmpty() ? "" : route + ": ");
  }

  /**
   * Records a problem with {@code field} of {@code route}, told as it is: a field that takes text, given what
   * may be a boolean, has its problem recorded by {@link #textProblem}.
   */
  void problem(String route, String field, String message) {
    problem(route, field, field, false, message);
  }

  /**
   * Records a problem with {@code field} of {@code route}, a field that takes text (a string, a word, an
   * address, a duration or a size written as text).
   */
  void textProblem(String route, String field, String message) {
    problem(route, field, field, true, message);
  }

  /**
   * Records a problem with {@code field} of {@code route}, shown as {@code shownField} (which may name it
   * further: {@code toxics[0] (toxic 'slow').ttl} for {@code toxics[0].ttl}). When the field {@code wantsText}
   * and a YAML file gave it a word YAML reads as a boolean, the problem says to quote the word.
   */
  void problem(String route, String field, String shownField, boolean wantsText, String message) {
    String prefix = route.isEmpty() ? "" : route + ".";
    fieldsAtFault.add(prefix + field);
    String origin = origins.get(prefix + field.replaceFirst("\\[\\d+]$", ""));
    if (origin != null) {
      problems.add(origin + ": field '" + prefix + shownField + "': " + message);
      return;
    }
    String word = wantsText ? booleanWordsByField.get(prefix + field) : null;
    problems.add(where(route) + "field '" + shownField + "': " + (word == null ? message : withQuoteHint(message, word)));
  }

  /**
   * {@code message} with a hint to quote {@code word}, the YAML word read as a boolean ({@code on}): after
   * where it says it got the boolean, else at its end.
   */
  private static String withQuoteHint(String message, String word) {
    Matcher got = GOT_A_BOOLEAN.matcher(message);
    int at = got.find() ? got.end() : message.length();
    return message.substring(0, at) + " (write \"" + word + "\" in quotes if you meant the word)" + message.substring(at);
  }

  /** Records a problem with a whole list item ({@code routes[2]}) that is not an object. */
  void notAnObject(String item, String message) {
    fieldsAtFault.add(item);
    problems.add(where(item) + message);
  }

  /**
   * Records a problem the schema found, unless a problem is recorded for its field (or one inside it, or
   * the object holding it): that one says more precisely what would be valid.
   */
  void schemaProblem(ConfigSchema.Problem p) {
    if (fieldsAtFault.stream().noneMatch(f -> f.equals(p.field()) || isInside(f, p.field()) || isInside(p.field(), f))) {
      problems.add(p.line());
    }
  }

  /** Whether field {@code inner} ({@code route 'web'.backends[0]}) is inside {@code outer} ({@code route 'web'}). */
  private static boolean isInside(String inner, String outer) {
    return !outer.isEmpty() && (inner.startsWith(outer + ".") || inner.startsWith(outer + "["));
  }

  void unknownFields(JsonObject obj, Set<String> known, String route) {
    for (String f : new TreeSet<>(obj.fieldNames())) {
      if (!known.contains(f)) {
        problem(route, f, "unknown field; " + ProblemText.didYouMean(f, known) + "known fields here: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  // ---- typed field readers: each records a named problem and returns a default on error

  Address address(JsonObject o, String field, String ctx, boolean allowPortZero) {
    Object v = o.getValue(field);
    if (v == null) {
      problem(ctx, field, "missing; expected " + Address.expected(allowPortZero));
      return null;
    }
    if (!(v instanceof String)) {
      textProblem(ctx, field, "expected " + Address.expected(allowPortZero) + ", got " + describe(v));
      return null;
    }
    try {
      return Address.parse((String) v, allowPortZero);
    } catch (IllegalArgumentException e) {
      textProblem(ctx, field, e.getMessage());
      return null;
    }
  }

  String string(JsonObject o, String field, String ctx, String def) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    if (v instanceof String) {
      return (String) v;
    }
    textProblem(ctx, field, "expected a string, got " + describe(v));
    return def;
  }

  /**
   * A host name or IP address to bind: a string that is not blank, without the spaces and line breaks around
   * it (a YAML block scalar {@code |} ends with a line break) and none inside it. An address, unlike a host,
   * refuses a line break even around it, as the schema's pattern for it does.
   */
  String host(JsonObject o, String field, String ctx, String def) {
    String s = string(o, field, ctx, def);
    if (s != null && s.isBlank()) {
      problem(ctx, field, "expected a host name or IP address, got an empty value");
      return def;
    }
    if (s != null && holdsSpace(s.strip())) {
      problem(ctx, field, "expected a host name or IP address, got " + describe(s));
      return def;
    }
    return s == null ? null : s.strip();
  }

  /** Whether {@code text} holds a space, a line break or another control character, which no host name or address does. */
  static boolean holdsSpace(String text) {
    return text.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c));
  }

  /**
   * A name the gateway keeps, shows in logs and listings and puts in URLs (a cluster's): a string that is not
   * empty nor only spaces ({@link String#isBlank}), without a control character (see {@link #notAName}).
   */
  String name(JsonObject o, String field, String ctx, String def) {
    String s = string(o, field, ctx, def);
    String why = s == null ? null : notAName(s);
    if (why == null && s != null && s.isBlank()) {
      why = "expected a name, got " + (s.isEmpty() ? "an empty value" : "only spaces " + describe(s));
    }
    if (why != null) {
      problem(ctx, field, why);
      return def;
    }
    return s;
  }

  /**
   * Why {@code name} cannot name anything the gateway keeps, or null when it can: it holds a control
   * character (a line break, tab, NUL, DEL, …), which would break the log line or listing showing it.
   * The name is shown escaped, as a problem line shows it ({@code "s\nt"} for one holding a line break).
   */
  static String notAName(String name) {
    return name.chars().anyMatch(Character::isISOControl)
      ? "a name cannot hold a control character (line break, tab, NUL, …), got " + ConfigException.oneLine(describe(name)) : null;
  }

  boolean bool(JsonObject o, String field, String ctx, boolean def) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    problem(ctx, field, "expected true or false, got " + describe(v));
    return def;
  }

  long integer(JsonObject o, String field, String ctx, long def, long min, long max) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    if (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())) {
      long n = ((Number) v).longValue();
      // A number beyond a long (a BigInteger) wraps in longValue(); its double does not.
      if (n >= min && n <= max && n == ((Number) v).doubleValue()) {
        return n;
      }
      problem(ctx, field, "must be from " + min + " to " + max + ", got " + v);
      return def;
    }
    problem(ctx, field, "expected a whole number from " + min + " to " + max + ", got " + describe(v));
    return def;
  }

  long duration(JsonObject o, String field, String ctx, long def, long min) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    try {
      long ms = Durations.parseMillis(v);
      if (ms < min) {
        textProblem(ctx, field, "must be at least " + Durations.format(min) + ", got " + describe(v));
        return def;
      }
      return ms;
    } catch (IllegalArgumentException e) {
      textProblem(ctx, field, e.getMessage());
      return def;
    }
  }

  CloseAction closeAction(JsonObject o, String field, String ctx, CloseAction def) {
    String s = string(o, field, ctx, null);
    if (s == null) {
      return def;
    }
    CloseAction a = CloseAction.parse(s);
    if (a == null) {
      problem(ctx, field, "expected fin or rst, got \"" + s + "\"");
      return def;
    }
    return a;
  }

  long bytes(JsonObject o, String field, String ctx, long def, long min, long max) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    try {
      return Sizes.parseBytes(v, min, max);
    } catch (IllegalArgumentException e) {
      textProblem(ctx, field, e.getMessage());
      return def;
    }
  }

  /** A value as a problem shows it: see {@link ProblemText#value}. */
  static String describe(Object v) {
    return ProblemText.value(v);
  }
}
