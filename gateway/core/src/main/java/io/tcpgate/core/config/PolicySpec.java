package io.tcpgate.core.config;

import io.tcpgate.spi.Policy;
import io.vertx.core.json.JsonObject;

/** One validated policy entry of a route: its wire type, its entry as written, and the parsed policy. */
public record PolicySpec(String type, JsonObject entry, Policy policy) {
}
