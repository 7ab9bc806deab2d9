package io.tcpgate.dist;

import io.tcpgate.core.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * Parses {@code --policy TYPE[:KEY=VALUE,...]} and {@code --toxic TYPE[:KEY=VALUE,...]} into the same
 * entry a config file would hold, so it is validated exactly like the file form. Values that read as
 * numbers or booleans become those. For a toxic, {@code name}, {@code stream}, {@code toxicity},
 * {@code ttl}, {@code seed} and {@code match} are the toxic's own fields; every other key is one of its
 * {@code attributes}.
 */
final class PolicyArgument {
  private PolicyArgument() {
  }

  private static final Set<String> TOXIC_FIELDS = Set.of("name", "stream", "toxicity", "ttl", "seed", "match");

  static JsonObject parse(String text) throws ConfigException {
    return parse("--policy", text);
  }

  static JsonObject parseToxic(String text) throws ConfigException {
    JsonObject flat = parse("--toxic", text);
    JsonObject toxic = new JsonObject();
    JsonObject attributes = new JsonObject();
    flat.forEach(e -> {
      if (e.getKey().equals("type") || TOXIC_FIELDS.contains(e.getKey())) {
        toxic.put(e.getKey(), e.getValue());
      } else {
        attributes.put(e.getKey(), e.getValue());
      }
    });
    return toxic.put("attributes", attributes);
  }

  private static JsonObject parse(String option, String text) throws ConfigException {
    String type = text;
    String rest = null;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      type = text.substring(0, colon);
      rest = text.substring(colon + 1);
    }
    if (type.isBlank()) {
      throw new ConfigException(ConfigOptions.COMMAND_LINE + ": " + option + " \"" + text + "\": missing type before ':'");
    }
    JsonObject entry = new JsonObject().put("type", type.trim());
    if (rest != null && !rest.isBlank()) {
      for (String pair : rest.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException(ConfigOptions.COMMAND_LINE + ": " + option + " \"" + text + "\": expected KEY=VALUE, got \"" + pair + "\"");
        }
        entry.put(pair.substring(0, eq).trim(), value(pair.substring(eq + 1).trim()));
      }
    }
    return entry;
  }

  private static Object value(String v) {
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    if (v.matches("-?\\d{1,18}")) {
      return Long.parseLong(v);
    }
    if (v.matches("-?\\d+\\.\\d+")) {
      return Double.parseDouble(v);
    }
    return v;
  }
}
