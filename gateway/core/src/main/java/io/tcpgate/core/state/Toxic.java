package io.tcpgate.core.state;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * A named policy added to a route at run time (a Toxiproxy "toxic").
 *
 * @param name unique within its route
 * @param type the tcpgate policy type (a {@code PolicyFactory} wire type, e.g. {@code latency})
 * @param attributes the rest of the toxic: for a toxic type (a {@code ToxicFactory}), the toxic as
 *     Toxiproxy's API writes it without {@code name} and {@code type} ({@code stream},
 *     {@code toxicity}, {@code attributes}, and tcpgate's {@code ttl}, {@code match}, {@code seed});
 *     for any other policy type, its settings as a {@code policies[]} entry without {@code type}.
 *     Validated before it is stored.
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

  /** The toxic of a Toxiproxy-shaped entry ({@code name}, {@code type} and the rest). */
  public static Toxic fromEntry(JsonObject entry) {
    JsonObject rest = entry.copy();
    rest.remove("name");
    rest.remove("type");
    return new Toxic(entry.getString("name"), entry.getString("type"), rest);
  }

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("type", type).put("attributes", attributes.copy());
  }

  public static Toxic fromJson(JsonObject o) {
    return new Toxic(o.getString("name"), o.getString("type"), o.getJsonObject("attributes"));
  }
}
