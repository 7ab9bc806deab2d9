package io.tcpgate.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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

  /** Problems of {@code doc} against the schema, one line each, empty when it conforms. */
  public static List<String> problems(JsonObject doc, String source) {
    OutputUnit result = VALIDATOR.validate(doc);
    List<String> out = new ArrayList<>();
    if (Boolean.TRUE.equals(result.getValid())) {
      return out;
    }
    List<OutputUnit> errors = result.getErrors() == null || result.getErrors().isEmpty() ? List.of(result) : result.getErrors();
    for (OutputUnit e : errors) {
      String line = source + ": " + where(doc, e.getInstanceLocation()) + "does not match the schema (" + e.getKeywordLocation() + "): " + e.getError();
      if (!out.contains(line)) {
        out.add(line);
      }
    }
    return out;
  }

  /** "route 'web': field 'listen': " from "/routes/0/listen", the route's name taken from {@code doc}. */
  static String where(JsonObject doc, String pointer) {
    JsonArray routes = doc.getValue("routes") instanceof JsonArray ? doc.getJsonArray("routes") : null;
    return where(pointer, index -> {
      Object route = routes != null && index < routes.size() ? routes.getValue(index) : null;
      return route instanceof JsonObject ? ((JsonObject) route).getValue("name") : null;
    });
  }

  /** "route 'web': field 'listen': " from "/routes/0/listen", {@code routeName} giving the name of a route by its index. */
  static String where(String pointer, IntFunction<Object> routeName) {
    if (pointer == null || pointer.isEmpty() || pointer.equals("#") || pointer.equals("/")) {
      return "";
    }
    String[] parts = pointer.replaceFirst("^#?/", "").split("/");
    StringBuilder field = new StringBuilder();
    String context = "";
    int i = 0;
    if (parts.length >= 2 && parts[0].equals("routes") && parts[1].matches("\\d+")) {
      int index = Integer.parseInt(parts[1]);
      Object name = routeName.apply(index);
      context = name instanceof String ? "route '" + name + "': " : "routes[" + index + "]: ";
      i = 2;
    }
    for (; i < parts.length; i++) {
      if (parts[i].matches("\\d+")) {
        field.append('[').append(parts[i]).append(']');
      } else {
        if (field.length() > 0) {
          field.append('.');
        }
        field.append(parts[i]);
      }
    }
    return context + (field.length() > 0 ? "field '" + field + "': " : "");
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
