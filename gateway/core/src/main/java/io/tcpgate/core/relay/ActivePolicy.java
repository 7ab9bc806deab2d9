package io.tcpgate.core.relay;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;

/** A policy opened on one connection: its wire type (for errors), the route's policy, the connection's instance. */
public record ActivePolicy(String type, Policy policy, ConnectionPolicy instance) {
}
