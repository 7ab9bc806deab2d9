package io.tcpgate.spi;

/**
 * A validated policy of one route: immutable, shared by all the route's connections.
 */
public interface Policy {

  /**
   * Whether this policy must see the bytes of a direction. Policies that only set socket options or
   * react to connect, FIN, RST and timers return false (the default) and leave the connection on the
   * relay's fast path, where bytes never pass through a policy chain.
   */
  default boolean touchesData(Direction direction) {
    return false;
  }

  /**
   * Creates the per-connection instance when a client is accepted. All per-connection state lives in it.
   * Return {@link ConnectionPolicy#NONE} when nothing is needed for this connection (e.g. a
   * toxicity roll that missed): it leaves no trace on the connection.
   */
  ConnectionPolicy open(ConnectionContext connection);
}
