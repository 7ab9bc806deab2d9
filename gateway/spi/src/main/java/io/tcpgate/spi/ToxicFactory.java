package io.tcpgate.spi;

import io.vertx.core.json.JsonObject;

/**
 * A policy factory whose policies are toxics: faults that can be named, added, changed and removed at
 * run time through the Toxiproxy-compatible API or declared under a route's {@code toxics:}.
 *
 * <p>Its {@link #create} receives the toxic's settings as the API and config file write them, without
 * {@code name}, {@code type} and {@code ttl} (which the gateway handles): {@code stream}
 * ({@code upstream} or {@code downstream}), {@code toxicity} (0..1), {@code attributes} (an object), and
 * the optional {@code match} and {@code seed}.
 */
public interface ToxicFactory extends PolicyFactory {

  /**
   * Every attribute with its default value. The API shows a toxic's attributes merged over these, as
   * Toxiproxy does (its clients expect every attribute to be present).
   */
  default JsonObject attributeDefaults() {
    return new JsonObject();
  }
}
