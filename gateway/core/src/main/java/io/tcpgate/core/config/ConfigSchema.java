package io.tcpgate.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The published JSON Schema of the config file ({@code tcpgate-config.schema.json}, also printed by
 * {@code tcpgate schema}), checked with vertx-json-schema before a config is accepted. Its problems are
 * reported with the file, the route (by name) and the field.
 */
public final class ConfigSchema {
  public static final String RESOURCE = "tcpgate-config.schema.json";
  private static final JsonObject SCHEMA = load();
  // JsonSchema.of adds its own keys (__absolute_uri__ …) to the object it is given: it gets a copy.
  private static final Validator VALIDATOR = Validator.create(JsonSchema.of(SCHEMA.copy()),
    new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://tcpgate.io/schema/").setOutputFormat(OutputFormat.Basic));

  private ConfigSchema() {
  }

  /** The schema document. */
  public static JsonObject schema() {
    return SCHEMA.copy();
  }

  /** A problem of a document against the schema: the field at fault as {@link FieldReader} names it, and its line. */
  record Problem(String field, String line) {
  }

  /** Problems of {@code doc} against the schema, one line each, empty when it conforms. */
  public static List<String> problems(JsonObject doc, String source) {
    return located(doc, source).stream().map(Problem::line).toList();
  }

  /**
   * Problems of {@code doc} against the schema, one per field at fault. The validator also reports every
   * enclosing object, list and reference of a bad field, and an {@code additionalProperties} error for a
   * declared property that is bad: those are left out, so what remains is the bad fields themselves. A
   * value that does not match a {@code pattern} is told what the pattern's schema expects in its
   * {@code description} ("expected host:port, …, got …"); the other alternatives of a {@code oneOf} whose
   * type it does not have are then left out too.
   */
  static List<Problem> located(JsonObject doc, String source) {
    OutputUnit result = VALIDATOR.validate(doc);
    if (Boolean.TRUE.equals(result.getValid())) {
      return List.of();
    }
    List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
    Map<String, List<String>> byField = new LinkedHashMap<>();
    Map<String, String> where = new LinkedHashMap<>();
    for (OutputUnit e : errors) {
      if (errors.size() > 1 && (enclosesAnother(e, errors) || isTypeOfAnotherAlternative(e, errors))) {
        continue;
      }
      Location at = location(doc, e.getInstanceLocation());
      where.putIfAbsent(at.field(), at.text());
      List<String> messages = byField.computeIfAbsent(at.field(), f -> new ArrayList<>());
      String message = inWords(e, doc) + " (" + e.getKeywordLocation() + ")";
      if (!messages.contains(message)) {
        messages.add(message);
      }
    }
    List<Problem> out = new ArrayList<>();
    byField.forEach((field, messages) -> out.add(new Problem(field,
      source + ": " + where.get(field) + "does not match the schema: " + String.join("; ", messages))));
    return out;
  }

  /** Whether {@code e} only reports that something inside it is bad, which another error names. */
  private static boolean enclosesAnother(OutputUnit e, List<OutputUnit> errors) {
    String keyword = e.getKeywordLocation() == null ? "" : e.getKeywordLocation();
    String instance = e.getInstanceLocation() == null ? "" : e.getInstanceLocation();
    boolean additional = keyword.endsWith("/additionalProperties");
    for (OutputUnit f : errors) {
      String fKeyword = f.getKeywordLocation() == null ? "" : f.getKeywordLocation();
      String fInstance = f.getInstanceLocation() == null ? "" : f.getInstanceLocation();
      if (fKeyword.startsWith(keyword + "/")
          || additional && !fKeyword.endsWith("/additionalProperties") && (fInstance.equals(instance) || fInstance.startsWith(instance + "/"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code e} says the value is not of a type (an integer duration, say) where another error says
   * it is of the type of a {@code pattern} that it does not match: that error says what is expected.
   */
  private static boolean isTypeOfAnotherAlternative(OutputUnit e, List<OutputUnit> errors) {
    return isKeyword(e, "type") && errors.stream()
      .anyMatch(f -> isKeyword(f, "pattern") && Objects.equals(f.getInstanceLocation(), e.getInstanceLocation()));
  }

  private static boolean isKeyword(OutputUnit e, String keyword) {
    return e.getKeywordLocation() != null && e.getKeywordLocation().endsWith("/" + keyword);
  }

  /**
   * The validator's message, or for a value that does not match a {@code pattern}, what the schema
   * holding the pattern expects in its {@code description}: {@code expected host:port, …, got "my host:1"}.
   */
  private static String inWords(OutputUnit e, JsonObject doc) {
    String expected = isKeyword(e, "pattern") ? schemaOf(e).getString("description") : null;
    return expected == null ? e.getError() : "expected " + expected + ", got " + FieldReader.describe(at(doc, e.getInstanceLocation()));
  }

  /** The schema object holding the keyword {@code e} failed on (its absolute location, past {@code $ref}s). */
  private static JsonObject schemaOf(OutputUnit e) {
    String location = e.getAbsoluteKeywordLocation() == null ? "" : e.getAbsoluteKeywordLocation();
    int fragment = location.indexOf('#');
    Object schema = fragment < 0 ? null : at(SCHEMA, location.substring(fragment).replaceFirst("/[^/]*$", ""));
    return schema instanceof JsonObject ? (JsonObject) schema : new JsonObject();
  }

  /** The value at {@code pointer} ({@code #/routes/0/listen}) in {@code json}; null when there is none. */
  private static Object at(JsonObject json, String pointer) {
    return JsonPointer.from(pointer == null ? "" : pointer.replaceFirst("^#", "")).queryJson(json);
  }

  /**
   * The field at {@code pointer} ({@code /routes/0/balance}, its keys as written) of {@code doc} as
   * {@link FieldReader} names it: {@code route 'web'.balance}.
   */
  static String field(JsonObject doc, String pointer) {
    return Location.of(Location.segments(pointer), routeNames(doc), doc).field();
  }

  /** The name written in each route of {@code doc}, by its index; null when there is none. */
  private static IntFunction<Object> routeNames(JsonObject doc) {
    JsonArray routes = doc.getValue("routes") instanceof JsonArray ? doc.getJsonArray("routes") : null;
    return index -> {
      Object route = routes != null && index < routes.size() ? routes.getValue(index) : null;
      return route instanceof JsonObject ? ((JsonObject) route).getValue("name") : null;
    };
  }

  private static Location location(JsonObject doc, String pointer) {
    List<String> keys = new ArrayList<>();
    Object at = doc;
    for (String segment : Location.segments(pointer)) {
      String key = keyAt(at, segment);
      keys.add(key);
      if (at instanceof JsonArray) {
        JsonArray list = (JsonArray) at;
        at = key.matches("\\d{1,9}") && Integer.parseInt(key) < list.size() ? list.getValue(Integer.parseInt(key)) : null;
      } else {
        at = at instanceof JsonObject ? ((JsonObject) at).getValue(key) : null;
      }
    }
    return Location.of(keys, routeNames(doc), doc);
  }

  /**
   * The key a location's {@code segment} names in {@code at}: the validator writes a location as a URI
   * fragment, each key escaped as in a JSON pointer, then percent-encoded, but a byte below 0x10 with one
   * hex digit ({@code %A} for a line feed), which cannot be decoded; so a key of {@code at} written that way
   * is looked for first.
   */
  private static String keyAt(Object at, String segment) {
    if (at instanceof JsonObject) {
      for (String key : ((JsonObject) at).fieldNames()) {
        if (asValidatorWrites(key).equals(segment)) {
          return key;
        }
      }
    }
    return percentDecoded(segment).replace("~1", "/").replace("~0", "~");
  }

  /** Bytes a key is written with as they are in a location; every other one is percent-encoded. */
  private static final String AS_IS = ":?#@!$&'()*+,;=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._";

  /** {@code key} as the validator writes it in a location ({@code connect%Atimeout} for "connect\ntimeout"). */
  private static String asValidatorWrites(String key) {
    StringBuilder out = new StringBuilder();
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      int unsigned = b & 0xff;
      if (b >= 0 && AS_IS.indexOf(unsigned) >= 0) {
        out.append((char) unsigned);
      } else if (unsigned == '~' || unsigned == '/') {
        out.append(unsigned == '~' ? "~0" : "~1");
      } else {
        out.append('%').append(Integer.toHexString(unsigned).toUpperCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  /** {@code text} with each %XX sequence decoded as UTF-8 bytes; anything else as it is ({@code +} too). */
  private static String percentDecoded(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0 && Character.digit(text.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** "route 'web': field 'listen': " from "/routes/0/listen", {@code routeName} giving the name of a route by its index. */
  static String where(String pointer, IntFunction<Object> routeName) {
    return Location.of(Location.segments(pointer), routeName, null).text();
  }

  /**
   * A place in the config: its route ({@code route 'web'}, {@code routes[2]}, or "" outside routes) and the
   * field in it ({@code policies[0].timeout}, or "" for the route or document itself).
   */
  private record Location(String route, String path) {
    /** The keys of {@code pointer} ({@code /routes/0/listen}, {@code #/routes/0/listen}) as written in it. */
    static List<String> segments(String pointer) {
      if (pointer == null || pointer.isEmpty() || pointer.equals("#") || pointer.equals("/")) {
        return List.of();
      }
      return List.of(pointer.replaceFirst("^#?/", "").split("/", -1));
    }

    /**
     * The place at {@code keys}; a key of digits is an index where {@code doc} has a list, or everywhere when
     * {@code doc} is null.
     */
    static Location of(List<String> keys, IntFunction<Object> routeName, Object doc) {
      StringBuilder field = new StringBuilder();
      String route = "";
      Object at = doc;
      for (int i = 0; i < keys.size(); i++) {
        String key = keys.get(i);
        boolean index = key.matches("\\d{1,9}") && (doc == null || at instanceof JsonArray);
        if (index && i == 1 && keys.get(0).equals("routes")) {
          Object name = routeName.apply(Integer.parseInt(key));
          route = name instanceof String ? "route '" + name + "'" : "routes[" + key + "]";
          field.setLength(0);
        } else if (index) {
          field.append('[').append(key).append(']');
        } else {
          if (field.length() > 0) {
            field.append('.');
          }
          field.append(key);
        }
        if (at instanceof JsonArray) {
          at = index && Integer.parseInt(key) < ((JsonArray) at).size() ? ((JsonArray) at).getValue(Integer.parseInt(key)) : null;
        } else {
          at = at instanceof JsonObject ? ((JsonObject) at).getValue(key) : null;
        }
      }
      return new Location(route, field.toString());
    }

    /** "route 'web': field 'listen': ", as a problem line starts after the file's name. */
    String text() {
      return (route.isEmpty() ? "" : route + ": ") + (path.isEmpty() ? "" : "field '" + path + "': ");
    }

    /** "route 'web'.listen", "admin.port": the field as {@link FieldReader} keys its problems. */
    String field() {
      return route.isEmpty() || path.isEmpty() ? route + path : route + "." + path;
    }
  }

  private static JsonObject load() {
    try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
