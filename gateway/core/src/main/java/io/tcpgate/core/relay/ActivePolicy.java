package io.tcpgate.core.relay;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;

/**
 * A policy opened on one connection: its wire type (for errors), an optional name (toxics are
 * named and can be removed at run time), the route's policy, and the connection's instance.
 */
public record ActivePolicy(String type, String name, Policy policy, ConnectionPolicy instance) {

  public ActivePolicy(String type, Policy policy, ConnectionPolicy instance) {
    this(type, null, policy, instance);
  }

  /** How errors name it: {@code 'latency' (toxic 'slow')} or {@code 'idle-timeout'}. */
  public String label() {
    return name == null ? "'" + type + "'" : "'" + type + "' (toxic '" + name + "')";
  }
}
