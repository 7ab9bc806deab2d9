package io.tcpgate.core.state;

import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.ConfigParser;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.config.ToxicSpecs;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Validates runtime definitions with the same rules and messages as the config file. */
final class Specs {
  private final PolicyRegistry registry;

  Specs(PolicyRegistry registry) {
    this.registry = registry;
  }

  /** A runtime route definition ({@code routes[]} object), validated; INVALID with the config's messages. */
  RouteConfig route(JsonObject definition) {
    JsonObject doc = new JsonObject().put("admin", new JsonObject().put("enabled", false))
      .put("routes", new JsonArray().add(definition));
    try {
      return new ConfigParser(registry, "runtime state").parse(doc).routes().get(0);
    } catch (ConfigException e) {
      throw new RuntimeStateException(RuntimeStateException.Kind.INVALID, e.getMessage());
    }
  }

  /**
   * A toxic as a policy; INVALID naming the toxic and field when its type or attributes are wrong. A
   * toxic type is read as Toxiproxy's API writes it (see {@link ToxicSpecs}); the spec's entry is the
   * toxic with its defaults filled in.
   */
  PolicySpec toxic(Toxic t) {
    PolicyFactory factory = registry.get(t.type());
    String where = "toxic '" + t.name() + "': ";
    if (factory instanceof ToxicFactory) {
      try {
        return ToxicSpecs.parse(registry, t.attributes().copy().put("name", t.name()).put("type", t.type()));
      } catch (ToxicSpecs.InvalidToxicException e) {
        throw new RuntimeStateException(RuntimeStateException.Kind.INVALID,
          where + (e.field() == null ? "" : "field '" + e.field() + "': ") + e.getMessage());
      }
    }
    if (factory == null) {
      throw new RuntimeStateException(RuntimeStateException.Kind.INVALID, where + "field 'type': unknown policy type '"
        + t.type() + "'; known policy types: " + String.join(", ", registry.types()));
    }
    try {
      Policy p = factory.create(new PolicyConfig(t.attributes().copy()));
      if (p == null) {
        throw new RuntimeStateException(RuntimeStateException.Kind.INVALID, where + "policy plugin '" + t.type() + "' returned no policy");
      }
      return new PolicySpec(t.type(), t.entry(), p);
    } catch (InvalidPolicyConfigException e) {
      throw new RuntimeStateException(RuntimeStateException.Kind.INVALID, where + "field 'attributes"
        + (e.field() == null ? "" : "." + e.field()) + "': " + e.getMessage());
    }
  }
}
