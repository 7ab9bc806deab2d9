package io.tcpgate.spi;

import io.vertx.core.json.JsonObject;

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
   * Whether this policy's connections may keep a chunk given to {@link ConnectionPolicy#onData} (or a
   * slice of it) after the call returns. True (the default): the relay hands data-touching policies a
   * heap copy of each chunk, theirs to keep. False: every chunk is passed on or dropped before
   * {@code onData} returns, and what is kept is a copy made with {@link ConnectionPolicy#keep}; the relay
   * then hands over its read buffer itself, without a copy, and reuses that memory once the call returns.
   * The relay copies for a connection as soon as one of its data-touching policies says true.
   */
  default boolean keepsChunks() {
    return true;
  }

  /**
   * Creates the per-connection instance when a client is accepted. All per-connection state lives in it.
   * Return {@link ConnectionPolicy#NONE} when nothing is needed for this connection (e.g. a
   * toxicity roll that missed): it leaves no trace on the connection.
   */
  ConnectionPolicy open(ConnectionContext connection);

  /**
   * Called once when a config change replaces {@code previous} with this policy on the same route (the
   * n-th policy of a type in the route's list succeeds the n-th of that type), before this one opens any
   * connection. The connections {@code previous} opened stay live and keep using it; a policy that counts
   * them (a connection limit) takes the count over here, so the limit holds across the change. Also
   * called when a toxic is replaced at run time by one of the same type; there each live instance is
   * asked to take this one's settings over ({@link ConnectionPolicy#update}), and one that declines is
   * traded for a new one of this policy's ({@link ConnectionPolicy#onRemoved()}, then
   * {@link ConnectionPolicy#onAdded()}). Does nothing by default. An exception is logged with the
   * plugin's name and ignored.
   */
  default void takeOver(Policy previous) {
  }

  /**
   * Whether this policy picks connections exactly as {@code previous} does (a toxic's stream, toxicity,
   * match and seed), so that a live connection {@code previous} chose not to act on
   * ({@link ConnectionPolicy#NONE}) stays untouched when this one replaces it, instead of being opened
   * (and picked) again. False by default.
   */
  default boolean selectsLike(Policy previous) {
    return false;
  }

  /**
   * What the policy reports about itself at run time (e.g. a live connection count), shown by the admin
   * API under the route; empty (the default) when there is nothing to report. Called from any thread:
   * it must read only thread-safe state.
   */
  default JsonObject status() {
    return new JsonObject();
  }
}
