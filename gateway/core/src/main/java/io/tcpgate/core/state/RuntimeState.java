package io.tcpgate.core.state;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * Runtime changes to the gateway — routes (proxies) created or deleted, enabled flags, toxics — that
 * the runtime API (Toxiproxy's {@code /proxies}, {@code /toxics}, {@code /reset}) makes. Every method
 * stores the change first (cluster-wide in cluster mode); every node, this one included, then applies
 * it to its listeners and live connections (on each connection's event loop, between chunks; nothing
 * waits for data to drain). The future completes once the change is in force on this node. Changes to
 * one route are serialised cluster-wide: the last one stored wins (see CLUSTER.md).
 *
 * <p>Failures are {@link RuntimeStateException}s whose {@link RuntimeStateException#kind()} maps to an
 * HTTP status: NOT_FOUND 404, CONFLICT 409, INVALID 400.
 *
 * <p>File and runtime: runtime state survives config reloads. A route of the file may carry toxics and
 * an enabled flag; a route created here owns its name against the file (README, Hot reload).
 */
public interface RuntimeState {
  /**
   * Creates a route at run time. {@code definition} is a {@code routes[]} object as in the config file
   * (name, listen, backends, and optionally balance, connect-timeout, policies ...). CONFLICT when a
   * route of that name exists (file or runtime); INVALID with the config's messages when it is wrong.
   */
  default Future<RouteState> createRoute(JsonObject definition) {
    return createRoute(definition, true);
  }

  /** {@link #createRoute(JsonObject)}, disabled from the start when {@code enabled} is false (it never listens until enabled). */
  Future<RouteState> createRoute(JsonObject definition, boolean enabled);

  /** Replaces a runtime route's definition (new connections; a new listen address rebinds). NOT_FOUND when none. */
  Future<RouteState> updateRoute(JsonObject definition);

  /**
   * Replaces a runtime route by a new one of the same name (Toxiproxy's populate of a changed proxy):
   * the definition and enabled flag as given, no toxics. NOT_FOUND when there is no runtime route.
   */
  Future<RouteState> replaceRoute(JsonObject definition, boolean enabled);

  /** Checks a runtime route definition as {@link #createRoute} would, changing nothing; INVALID with the config's messages. */
  void checkRoute(JsonObject definition);

  /**
   * Puts a route's state back as {@code before} was (definition, enabled flag, toxics), undoing changes a
   * failed API call made; null: the state held nothing for the route, and holds nothing again.
   */
  Future<Void> restoreRoute(String name, RouteState before);

  /** Deletes a route created at run time: it stops listening, its live connections are closed with FIN. NOT_FOUND when none; CONFLICT for a file route. */
  Future<Void> deleteRoute(String name);

  /** Enables or disables a route (file or runtime). Disabled: it does not listen, its live connections get FIN. */
  Future<RouteState> setEnabled(String route, boolean enabled);

  /** Adds a toxic at the end of the route's toxics. CONFLICT when the name is taken; INVALID when the policy rejects its attributes. */
  Future<RouteState> addToxic(String route, Toxic toxic);

  /** Replaces a toxic in place (same position). NOT_FOUND when the route or toxic does not exist. */
  Future<RouteState> updateToxic(String route, Toxic toxic);

  /** Removes a toxic; what it holds is handed on first. NOT_FOUND when the route or toxic does not exist. */
  Future<Void> removeToxic(String route, String toxic);

  /**
   * Toxiproxy's {@code /reset}: every route enabled, every runtime toxic removed (the file's stay); runtime
   * routes stay. A route this node could not apply is tried again at once. Completes once in force here,
   * also when a route cannot listen here: see {@link #problem} for why.
   */
  Future<Void> reset();

  /** This node's current view of one route's runtime state; null when nothing was changed at run time. */
  RouteState route(String name);

  /** Why this node could not apply the route's runtime state (e.g. its listen address is taken here), or null. */
  String problem(String route);

  /**
   * Makes this node match one route again now (a config reload changed it, or left it not listening):
   * what cannot be applied is recorded as a {@link #problem} and tried again after 1 s, doubling up to
   * every 30 s, until it is, or the route changes or goes.
   */
  void reapply(String route);

  /** Every route whose runtime state this node could not apply, with why (naming the route; tried again until it is). */
  Map<String, String> problems();

  /** This node's current view of every route with runtime state. */
  Map<String, RouteState> routes();

  /** Whether the state is shared with other nodes (Hazelcast) or this process only. */
  boolean clustered();

  /** This node's id (Hazelcast member UUID, or "local"). */
  String nodeId();
}
