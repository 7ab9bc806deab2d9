package io.tcpgate.core;

import io.tcpgate.core.config.ConfigException;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML text to a JSON document, with the same parser vertx-config's YAML store uses. */
final class Yaml {
  private Yaml() {
  }

  @SuppressWarnings("unchecked")
  static JsonObject parse(String text) throws ConfigException {
    try {
      Object doc = new org.yaml.snakeyaml.Yaml(new SafeConstructor(new LoaderOptions())).load(text);
      if (doc == null) {
        return new JsonObject();
      }
      if (!(doc instanceof Map)) {
        throw new ConfigException("test config: expected a mapping at the top level");
      }
      return new JsonObject((Map<String, Object>) doc);
    } catch (RuntimeException e) {
      throw new ConfigException("test config: not valid YAML: " + e.getMessage());
    }
  }
}
