package io.tcpgate.dist;

import io.tcpgate.core.config.ConfigException;
import io.vertx.core.json.JsonObject;

/**
 * Parses {@code --policy TYPE[:KEY=VALUE,...]} into the same entry a config file would hold, so it is
 * validated exactly like the file form. Values that read as numbers or booleans become those.
 */
final class PolicyArgument {
  private PolicyArgument() {
  }

  static JsonObject parse(String text) throws ConfigException {
    String type = text;
    String rest = null;
    int colon = text.indexOf(':');
    if (colon >= 0) {
      type = text.substring(0, colon);
      rest = text.substring(colon + 1);
    }
    if (type.isBlank()) {
      throw new ConfigException(ConfigOptions.COMMAND_LINE + ": --policy \"" + text + "\": missing policy type before ':'");
    }
    JsonObject entry = new JsonObject().put("type", type.trim());
    if (rest != null && !rest.isBlank()) {
      for (String pair : rest.split(",")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException(ConfigOptions.COMMAND_LINE + ": --policy \"" + text + "\": expected KEY=VALUE, got \"" + pair + "\"");
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
