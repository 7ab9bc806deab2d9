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
 * @param countdown for a toxic with a {@code ttl}, which countdown it runs out on: set when it is created,
 *     kept by an update that keeps its ttl, new when an update gives another; null without a ttl (and
 *     before it is stored). The state forgets the toxic when a node's countdown for it runs out, unless
 *     it runs out on another countdown by then.
 */
public record Toxic(String name, String type, JsonObject attributes, String countdown) {
  public Toxic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    attributes = attributes == null ? new JsonObject() : attributes.copy();
  }

  /** A toxic as given (through the API), before it is stored: no countdown yet. */
  public Toxic(String name, String type, JsonObject attributes) {
    this(name, type, attributes, null);
  }

  /** Its {@code ttl} in ms (as {@code ToxicSpecs.ttlMillis} reads it), 0 when it has none. */
  public long ttlMillis() {
    Object ttl = attributes.getValue("ttl");
    return ttl instanceof Number ? ((Number) ttl).longValue() : 0;
  }

  /** This toxic on {@code id}'s countdown. */
  public Toxic withCountdown(String id) {
    return new Toxic(name, type, attributes, id);
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
    JsonObject o = new JsonObject().put("name", name).put("type", type).put("attributes", attributes.copy());
    return countdown == null ? o : o.put("countdown", countdown);
  }

  public static Toxic fromJson(JsonObject o) {
    return new Toxic(o.getString("name"), o.getString("type"), o.getJsonObject("attributes"), o.getString("countdown"));
  }
}
