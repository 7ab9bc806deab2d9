package io.tcpgate.core.state;

import static io.tcpgate.core.state.RuntimeStateException.Kind.CONFLICT;
import static io.tcpgate.core.state.RuntimeStateException.Kind.NOT_FOUND;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;

/**
 * {@link RuntimeState} over a {@link StateStore}: validates, stores, and lets the {@link StateApplier}
 * of every node (this one included) apply what was stored. Standalone with a {@link LocalStateStore},
 * clustered with a {@link HazelcastStateStore}.
 */
public final class SharedRuntimeState implements RuntimeState {
  private final Gateway gateway;
  private final StateStore store;
  private final Specs specs;
  private final StateApplier applier;

  private SharedRuntimeState(Gateway gateway, StateStore store, PolicyRegistry registry) {
    this.gateway = gateway;
    this.store = store;
    this.specs = new Specs(registry);
    this.applier = new StateApplier(gateway, specs, this::expired);
  }

  /**
   * Connects {@code gateway} (not started yet, or started: both work) to {@code store}: follows every
   * change, reads the current state, and installs the hook that puts a route's toxics on before it
   * listens. Until {@link #applyAll()}, changes only update this node's view of the state (the routes the
   * gateway starts take their toxics and flag from it); call it once the gateway runs, to apply what
   * changed meanwhile, start runtime routes and stop disabled ones.
   */
  public static Future<SharedRuntimeState> attach(Gateway gateway, StateStore store, PolicyRegistry registry) {
    SharedRuntimeState s = new SharedRuntimeState(gateway, store, registry);
    store.onChange(s.applier); // first: a change stored while the state is read is not lost
    return store.entries().map(entries -> {
      s.applier.read(entries);
      gateway.beforeListening(s.applier::beforeListening);
      return s;
    });
  }

  /** Makes the gateway match the whole state (after start); completes once it does. */
  public Future<Void> applyAll() {
    return applier.applyAll();
  }

  @Override
  public Future<RouteState> createRoute(JsonObject definition, boolean enabled) {
    String name = specs.route(definition).name();
    if (gateway.isFileRoute(name)) {
      return Future.failedFuture(new RuntimeStateException(CONFLICT, "route '" + name + "' exists (in the config file)"));
    }
    return change(name, s -> {
      if (s.definition() != null) {
        throw new RuntimeStateException(CONFLICT, "route '" + name + "' exists");
      }
      // a new route: what the state kept for a file route of that name (flag, toxics) does not carry over
      return new RouteState(name, definition.copy(), enabled, List.of(), s.version() + 1, store.nodeId());
    });
  }

  @Override
  public Future<RouteState> updateRoute(JsonObject definition) {
    String name = specs.route(definition).name();
    return change(name, s -> {
      if (s.definition() == null) {
        throw new RuntimeStateException(NOT_FOUND, "no route '" + name + "' created at run time");
      }
      return s.withDefinition(definition.copy(), store.nodeId());
    });
  }

  @Override
  public Future<RouteState> replaceRoute(JsonObject definition, boolean enabled) {
    String name = specs.route(definition).name();
    return change(name, s -> {
      if (s.definition() == null) {
        throw new RuntimeStateException(NOT_FOUND, "no route '" + name + "' created at run time");
      }
      return new RouteState(name, definition.copy(), enabled, List.of(), s.version() + 1, store.nodeId());
    });
  }

  @Override
  public void checkRoute(JsonObject definition) {
    specs.route(definition);
  }

  @Override
  public Future<Void> restoreRoute(String name, RouteState before) {
    return change(name, s -> before == null ? null
      : new RouteState(name, before.definition(), before.enabled(), before.toxics(), s.version() + 1, store.nodeId())).mapEmpty();
  }

  @Override
  public Future<Void> deleteRoute(String name) {
    if (gateway.isFileRoute(name)) {
      return Future.failedFuture(new RuntimeStateException(CONFLICT, "route '" + name + "' is defined in the config file; remove it there"));
    }
    return change(name, s -> {
      if (s.definition() == null) {
        throw new RuntimeStateException(NOT_FOUND, "no route '" + name + "'");
      }
      return null;
    }).mapEmpty();
  }

  @Override
  public Future<RouteState> setEnabled(String route, boolean enabled) {
    return change(route, s -> exists(route, s).withEnabled(enabled, store.nodeId()));
  }

  @Override
  public Future<RouteState> addToxic(String route, Toxic toxic) {
    specs.toxic(toxic);
    return change(route, s -> {
      if (exists(route, s).toxic(toxic.name()) != null) {
        throw new RuntimeStateException(CONFLICT, "route '" + route + "' has a toxic '" + toxic.name() + "' already");
      }
      return s.withToxic(toxic.withCountdown(toxic.ttlMillis() > 0 ? newCountdown() : null), store.nodeId());
    });
  }

  @Override
  public Future<RouteState> updateToxic(String route, Toxic toxic) {
    specs.toxic(toxic);
    return change(route, s -> {
      Toxic was = existingToxic(route, s, toxic.name()).toxic(toxic.name());
      // the same ttl: the countdown goes on (README, "API"); another: a new one, from now
      boolean kept = toxic.ttlMillis() == was.ttlMillis() && was.countdown() != null;
      return s.withToxic(toxic.withCountdown(toxic.ttlMillis() <= 0 ? null : kept ? was.countdown() : newCountdown()), store.nodeId());
    });
  }

  @Override
  public Future<Void> removeToxic(String route, String toxic) {
    return change(route, s -> existingToxic(route, s, toxic).withoutToxic(toxic, store.nodeId())).mapEmpty();
  }

  @Override
  public Future<Void> reset() {
    List<Future<?>> all = new ArrayList<>();
    for (String name : applier.view().keySet()) {
      all.add(change(name, s -> s.enabled() && s.toxics().isEmpty() ? s
        : new RouteState(name, s.definition(), true, List.of(), s.version() + 1, store.nodeId())));
    }
    for (String name : applier.problems().keySet()) {
      all.add(applier.reapply(name)); // tried now, not at its next retry: its address may be free by now
    }
    return Future.all(all).mapEmpty();
  }

  @Override
  public RouteState route(String name) {
    return applier.view().get(name);
  }

  @Override
  public String problem(String route) {
    return applier.problem(route);
  }

  @Override
  public void reapply(String route) {
    applier.reapply(route);
  }

  @Override
  public Map<String, String> problems() {
    return applier.problems();
  }

  @Override
  public Map<String, RouteState> routes() {
    return Map.copyOf(applier.view());
  }

  @Override
  public boolean clustered() {
    return store instanceof HazelcastStateStore;
  }

  @Override
  public String nodeId() {
    return store.nodeId();
  }

  /** Stops following the store and lets go of it (see {@link StateStore#close}); completes once it did. */
  public Future<Void> close() {
    return store.close();
  }

  /** Stores a change of one route, then waits until it is in force on this node. */
  private Future<RouteState> change(String route, UnaryOperator<RouteState> change) {
    return store.update(route, change).compose(stored -> applier.inForce(route, stored).map(stored));
  }

  /**
   * A toxic's ttl ran out on this node, on {@code countdown} (null for a toxic stored without one, by an
   * older build): the state forgets it, unless it is on another countdown by now (created again, or
   * given another ttl) or gone.
   */
  private void expired(String route, String toxic, String countdown) {
    store.update(route, s -> {
      Toxic t = s.toxic(toxic);
      return t != null && Objects.equals(countdown, t.countdown()) ? s.withoutToxic(toxic, store.nodeId()) : s;
    }).onFailure(e -> LoggerFactory.getLogger(SharedRuntimeState.class)
        .warn("route {}: expired toxic {} not removed from the state: {}", route, toxic, e.getMessage()));
  }

  /** A countdown id, unique across the cluster. */
  private static String newCountdown() {
    return UUID.randomUUID().toString();
  }

  private RouteState exists(String route, RouteState s) {
    if (s.definition() == null && !gateway.isFileRoute(route)) {
      throw new RuntimeStateException(NOT_FOUND, "no route '" + route + "'");
    }
    return s;
  }

  private RouteState existingToxic(String route, RouteState s, String toxic) {
    if (exists(route, s).toxic(toxic) == null) {
      throw new RuntimeStateException(NOT_FOUND, "route '" + route + "' has no toxic '" + toxic + "'");
    }
    return s;
  }
}
