package io.tcpgate.core.state;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.reload.ConfigReconciler;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.spi.CloseAction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies runtime state to this node: keeps the node's view of every route's state, and on each change
 * makes the gateway match it — a route listens when it exists (file or runtime) and is enabled, its
 * toxics are those of the state, in order. Changes are applied one at a time on one Vert.x context.
 */
final class StateApplier implements StateStore.ChangeListener {
  private static final Logger LOG = LoggerFactory.getLogger(StateApplier.class);
  private final Gateway gateway;
  private final Specs specs;
  private final Context context;
  private final Map<String, RouteState> view = new ConcurrentHashMap<>();
  private Future<Void> queue = Future.succeededFuture();

  StateApplier(Gateway gateway, Specs specs) {
    this.gateway = gateway;
    this.specs = specs;
    this.context = gateway.vertx().getOrCreateContext();
  }

  Map<String, RouteState> view() {
    return view;
  }

  @Override
  public void changed(String route, RouteState state) {
    if (state == null) {
      view.remove(route);
    } else {
      view.put(route, state);
    }
    context.runOnContext(v -> queue = queue.transform(ar -> apply(route)));
  }

  @Override
  public void resynced(Map<String, RouteState> all) {
    java.util.Set<String> routes = new java.util.HashSet<>(view.keySet());
    routes.addAll(all.keySet());
    view.clear();
    view.putAll(all);
    LOG.info("runtime state resynchronised after a cluster merge: {} route(s)", all.size());
    routes.forEach(r -> context.runOnContext(v -> queue = queue.transform(ar -> apply(r))));
  }

  /** Applies every route of the view (after start, or after a partition healed). */
  void applyAll() {
    view.keySet().forEach(r -> context.runOnContext(v -> queue = queue.transform(ar -> apply(r))));
  }

  /** Hook run on a new route runtime before it listens: the state's toxics go on first. */
  void beforeListening(RouteRuntime runtime) {
    syncToxics(runtime, view.get(runtime.name()));
  }

  private Future<Void> apply(String route) {
    RouteState s = view.get(route);
    RouteConfig wanted = null;
    if (s != null && s.definition() != null) {
      try {
        wanted = specs.route(s.definition());
      } catch (RuntimeStateException e) {
        LOG.error("route {}: runtime definition not applied: {}", route, e.getMessage());
        return Future.succeededFuture();
      }
    } else {
      wanted = gateway.config().routes().stream().filter(r -> r.name().equals(route)).findFirst().orElse(null);
    }
    Gateway.RunningRoute running = gateway.route(route);
    if (wanted == null || s != null && !s.enabled()) {
      if (running != null) {
        LOG.info("route {}: {} at run time", route, wanted == null ? "deleted" : "disabled");
        return gateway.stopRoute(route, 0, CloseAction.FIN);
      }
      return Future.succeededFuture();
    }
    if (running == null) {
      return gateway.startRoute(wanted).<Void>mapEmpty()
        .onFailure(e -> LOG.error("route {}: runtime change not applied: {}", route, e.getMessage()))
        .otherwiseEmpty();
    }
    RouteConfig target = wanted;
    boolean runtimeRoute = s != null && s.definition() != null;
    Future<?> moved = Future.succeededFuture();
    if (runtimeRoute && !ConfigReconciler.same(running.runtime().config(), target)) {
      moved = target.listen().equals(running.runtime().config().listen()) ? moved : gateway.relisten(route, target.listen());
    }
    return moved.<Void>transform(ar -> {
      Gateway.RunningRoute now = gateway.route(route);
      if (now != null) {
        if (ar.succeeded() && runtimeRoute) {
          now.runtime().reconfigure(target);
        }
        syncToxics(now.runtime(), view.get(route));
      }
      return Future.succeededFuture();
    });
  }

  private void syncToxics(RouteRuntime runtime, RouteState s) {
    List<Toxic> wanted = s == null ? List.of() : s.toxics();
    // toxics declared in the config file belong to the file (a reload changes them), not to the state
    java.util.Set<String> declared = new java.util.HashSet<>();
    runtime.config().toxics().forEach(t -> declared.add(io.tcpgate.core.config.ToxicSpecs.name(t)));
    for (RouteRuntime.NamedPolicy p : runtime.toxics()) {
      if (!declared.contains(p.name()) && wanted.stream().noneMatch(t -> t.name().equals(p.name()))) {
        runtime.removeToxic(p.name());
      }
    }
    for (Toxic t : wanted) {
      RouteRuntime.NamedPolicy current = runtime.toxics().stream().filter(p -> p.name().equals(t.name())).findFirst().orElse(null);
      try {
        if (current == null) {
          runtime.addToxic(t.name(), specs.toxic(t));
        } else if (!current.spec().entry().equals(t.entry())) {
          runtime.replaceToxic(t.name(), specs.toxic(t));
        }
      } catch (RuntimeStateException e) {
        LOG.error("route {}: toxic {} not applied: {}", runtime.name(), t.name(), e.getMessage());
      }
    }
  }
}
