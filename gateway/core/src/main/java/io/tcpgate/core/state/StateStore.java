package io.tcpgate.core.state;

import io.vertx.core.Future;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where runtime state is kept: in this process ({@link LocalStateStore}) or in a Hazelcast map shared by
 * every node ({@link HazelcastStateStore}). One entry per route; changes to one route are atomic.
 */
public interface StateStore {
  /**
   * Changes one route's entry atomically (cluster-wide for a shared store): {@code change} gets the
   * current state ({@link RouteState#empty} when there is none) and returns the next, or null to delete
   * the entry, or the very state it got to change nothing (then nothing is written and no listener is
   * called). Runs off the event loop; the future has the stored state (null when deleted or absent).
   */
  Future<RouteState> update(String route, UnaryOperator<RouteState> change);

  /** Every entry now (a late joiner reads this before it listens). */
  Future<Map<String, RouteState>> entries();

  /**
   * Called on every change, from any node, in the order of that route's changes: with the route's
   * name and its new state (null when deleted). Called from a store thread: hand off, never block.
   */
  void onChange(ChangeListener listener);

  /** This node's id in the store (a Hazelcast member UUID, or "local"). */
  String nodeId();

  /**
   * Stops calling the listeners (at once) and lets go of the store; completes once it did. Never blocks
   * the caller, an event loop included.
   */
  Future<Void> close();

  /** A change of one route's entry. */
  interface ChangeListener {
    void changed(String route, RouteState state);

    /** The whole state was replaced (a healed partition): {@code all} is every entry now. */
    default void resynced(Map<String, RouteState> all) {
      all.forEach(this::changed);
    }
  }
}
