package io.tcpgate.core.state;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A named policy added to a route at run time (a Toxiproxy "toxic").
 *
 * @param name unique within its route
 * @param type the tcpgate policy type (a {@code PolicyFactory} wire type, e.g. {@code latency})
 * @param attributes the policy's settings, as a {@code policies[]} entry of the config file without
 *     {@code type}; validated by the policy's factory before it is stored
 */
public record Toxic(String name, String type, JsonObject attributes) {
  public Toxic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    attributes = attributes == null ? new JsonObject() : attributes.copy();
  }

  /** The entry as a {@code policies[]} item: {@code type} plus the attributes. */
  public JsonObject entry() {
    return attributes.copy().put("type", type);
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("type", type).put("attributes", attributes.copy());
  }

  public static Toxic fromJson(JsonObject o) {
    return new Toxic(o.getString("name"), o.getString("type"), o.getJsonObject("attributes"));
  }
}
