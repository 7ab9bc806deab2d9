package io.tcpgate.core.reload;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.RouteListeners;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.state.RouteState;
import io.tcpgate.core.state.RuntimeState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the running config into a changed one without cutting a live connection:
 * <ul>
 *   <li>a route gone from the file stops listening at once; its live connections may finish until the
 *       new file's {@code shutdown.drain-timeout} (default 30 s), then those left get {@code shutdown.action};
 *   <li>a new route starts listening;
 *   <li>a changed route applies to connections accepted from now on (live ones keep their backend and
 *       policies); a changed listen address binds the new address first, then stops accepting on the old
 *       one, leaving its live connections alone; its declared toxics follow the file on new and live
 *       connections (removed, replaced, added); toxics added at run time stay.
 * </ul>
 * Listeners given up by the reload (routes removed, routes moved off an address) whose port or unix
 * path the reload binds again are closed first, and the closing awaited, before anything binds: so a
 * file applies as a whole in any order (a rename, two routes swapping addresses, a route moving onto the
 * address of one removed, an address written another way). Accepted connections are never cut by it.
 * A route whose address cannot be bound is applied all the same (a new one known but not listening, a
 * moved one with its other changes, still on its old address) and listed in {@link ReloadResult#notListening}:
 * the runtime state tries it again (1 s doubling to 30 s) until it listens (a gateway without runtime
 * state does not, and its line says so); later reloads list it again, with the same line, as long as it
 * does not listen where the file says. A later reload that moves such a route while it listens nowhere
 * tries the new address at once, as for a new route, and its line names it.
 * Only routes that came from the file are touched: a route created at run time (through the runtime
 * API) whose name the file now also uses wins, and the file's route is reported as not applied (it
 * waits; {@link ConfigWatcher} applies it once the runtime route is deleted).
 * Settings read once at start (admin, event-loops, native-transport, builtin-backends, cluster,
 * node-address) keep their running values and are reported as needing a restart.
 */
public final class ConfigReconciler {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigReconciler.class);
  private final Gateway gateway;

  public ConfigReconciler(Gateway gateway) {
    this.gateway = gateway;
  }

  public Future<ReloadResult> apply(GatewayConfig current, GatewayConfig next) {
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> problems = new ArrayList<>(restartOnly(current, next));
    List<String> waiting = new ArrayList<>();
    Map<String, String> notListening = new LinkedHashMap<>();
    Map<String, RouteConfig> running = new LinkedHashMap<>();
    current.routes().forEach(r -> running.put(r.name(), r));
    Map<String, RouteConfig> applied = new LinkedHashMap<>();
    List<RouteConfig> toApply = new ArrayList<>();
    for (RouteConfig r : next.routes()) {
      if (running.get(r.name()) == null && gateway.route(r.name()) != null) {
        problems.add("route '" + r.name() + "': not applied; a route of that name was created at run time and wins until it is deleted");
        waiting.add(r.name());
      } else {
        toApply.add(r);
      }
    }
    // addresses this reload binds: those of new routes and the new ones of moved routes
    List<Address> bound = toApply.stream().filter(r -> running.get(r.name()) == null || !running.get(r.name()).listen().equals(r.listen()))
      .map(r -> gateway.onNodeAddress(r.listen())).toList();
    // first every listener given up on an address bound again is closed (awaited), in any file order
    List<Future<?>> released = new ArrayList<>();
    for (RouteConfig old : current.routes()) {
      if (next.routes().stream().noneMatch(r -> r.name().equals(old.name()))) {
        removed.add(old.name());
        Gateway.Retiring retiring = gateway.retireRoute(old.name(), next.shutdown().drainMillis(), next.shutdown().action());
        retiring.drained().onSuccess(v -> LOG.info("route {}: removed by reload, drained", old.name()));
        released.add(retiring.closed());
      }
    }
    Set<String> releasedFirst = new HashSet<>();
    for (RouteConfig r : toApply) {
      RouteConfig old = running.get(r.name());
      Gateway.RunningRoute now = gateway.route(r.name());
      if (old != null && !old.listen().equals(r.listen()) && now != null && now.enabled()
          && bound.stream().anyMatch(a -> RouteListeners.sameSocket(a, now.boundAddress()))) {
        releasedFirst.add(r.name());
        released.add(gateway.listeners().releaseListener(r.name()));
      }
    }
    Future<Void> chain = Future.join(released).transform(ar -> Future.succeededFuture());
    for (RouteConfig r : toApply) {
      RouteConfig old = running.get(r.name());
      chain = chain.compose(v -> step(old, r, releasedFirst.contains(r.name()), added, changed, problems, applied, notListening));
    }
    return chain.map(v -> {
      GatewayConfig result = new GatewayConfig(next.source(), current.admin(), current.eventLoops(), current.nativeTransport(),
        List.copyOf(applied.values()), current.builtinBackends(), next.shutdown(), next.reload(), current.cluster(), current.nodeAddress());
      LOG.info("config reloaded from {}: added {}, removed {}, changed {}{}", next.source(), added, removed, changed,
        problems.isEmpty() ? "" : "; not applied: " + problems);
      return new ReloadResult(result, added, removed, changed, problems, waiting, notListening);
    });
  }

  /**
   * Applies one route of the file: starts a new one, changes a running one. {@code released}: its old
   * listener is already closed (another listener of this reload needs that address), so the new
   * address is bound now; otherwise a moved route binds its new address before it stops accepting on
   * the old one.
   */
  private Future<Void> step(RouteConfig old, RouteConfig r, boolean released, List<String> added, List<String> changed,
      List<String> problems, Map<String, RouteConfig> applied, Map<String, String> notListening) {
    if (old == null) {
      return gateway.startRoute(r).transform(ar -> {
        applied.put(r.name(), r);
        if (ar.succeeded()) {
          added.add(r.name());
        } else {
          // known, not listening: the runtime state tries it again (1 s doubling to 30 s) until it listens
          gateway.addNotListening(r);
          notListening(r.name(), ar.cause().getMessage() + " (" + triedAgain() + ")", problems, notListening);
        }
        return Future.succeededFuture();
      });
    }
    if (same(old, r)) {
      applied.put(r.name(), old);
      stillNotListening(r, problems, notListening);
      return Future.succeededFuture();
    }
    Future<?> moved;
    if (old.listen().equals(r.listen())) {
      moved = Future.succeededFuture();
    } else if (released) {
      moved = gateway.listeners().listenOnOrBack(r.name(), r.listen());
    } else if (couldNotListen(r.name())) {
      moved = gateway.listeners().listenOn(r.name(), r.listen()); // tried at its new address now, as a new route is
    } else {
      moved = gateway.listeners().relisten(r.name(), r.listen());
    }
    return moved.transform(ar -> {
      Gateway.RunningRoute now = gateway.route(r.name());
      applied.put(r.name(), r);
      changed.add(r.name());
      if (ar.succeeded()) {
        now.runtime().reconfigure(r, stateToxics(r.name()));
        stillNotListening(r, problems, notListening);
        return Future.succeededFuture();
      }
      // every other change applies; the route stays where it listens (its runtime keeps that address, so
      // the runtime state's retries move it once the new address is free)
      now.runtime().reconfigure(withListen(r, old.listen()), stateToxics(r.name()));
      notListening(r.name(), ar.cause().getMessage() + (now.enabled() ? " (the route keeps listening on " + now.boundAddress() + ")" : "")
        + "; its other changes are applied; " + triedAgain(), problems, notListening);
      return Future.succeededFuture();
    });
  }

  /** Whether an earlier reload left {@code route} not listening anywhere, and it still does not. */
  private boolean couldNotListen(String route) {
    Gateway.RunningRoute now = gateway.route(route);
    return now != null && !now.enabled() && gateway.reloadStatus().notListening(route) != null;
  }

  /**
   * Reports again a route an earlier reload left not listening where the file says, with that reload's
   * line, while it still does not (this reload left its address alone; the runtime state still tries it).
   */
  private void stillNotListening(RouteConfig r, List<String> problems, Map<String, String> notListening) {
    String line = gateway.reloadStatus().notListening(r.name());
    Gateway.RunningRoute now = gateway.route(r.name());
    if (line != null && now != null && !(now.enabled() && now.runtime().config().listen().equals(r.listen()))) {
      notListening(r.name(), line, problems, notListening);
    }
  }

  /**
   * What becomes of a route left not listening where the file says: the runtime state tries it again
   * until it does; a gateway without one (started by {@link Gateway#start(io.vertx.core.Vertx, GatewayConfig)}
   * alone) tries only the address a later reload moves it to.
   */
  private String triedAgain() {
    return gateway.runtimeState() != null ? "tried again until it listens" : "tried again only when a reload moves it";
  }

  /** Reports {@code route} as not listening where the file says, {@code problem} saying why. */
  private static void notListening(String route, String problem, List<String> problems, Map<String, String> notListening) {
    problems.add(problem);
    notListening.put(route, problem);
  }

  private static RouteConfig withListen(RouteConfig r, Address listen) {
    return new RouteConfig(r.name(), listen, r.backends(), r.balance(), r.connectTimeoutMillis(), r.connectFailure(), r.bufferBytes(),
      r.policies(), r.toxics(), r.maxFails(), r.failTimeoutMillis());
  }

  /** Names of the toxics the runtime state holds for {@code route} (none without a runtime state). */
  private Set<String> stateToxics(String route) {
    RuntimeState state = gateway.runtimeState();
    RouteState s = state == null ? null : state.route(route);
    return s == null ? Set.of() : s.toxicNames();
  }

  /** Equal configs; policies and toxics compare by their entries as written (parsed policies have no equality). */
  public static boolean same(RouteConfig a, RouteConfig b) {
    return a.name().equals(b.name()) && a.listen().equals(b.listen()) && a.backends().equals(b.backends())
      && a.balance() == b.balance() && a.connectTimeoutMillis() == b.connectTimeoutMillis()
      && a.connectFailure() == b.connectFailure() && a.bufferBytes() == b.bufferBytes()
      && entries(a.policies()).equals(entries(b.policies())) && entries(a.toxics()).equals(entries(b.toxics()))
      && a.maxFails() == b.maxFails() && a.failTimeoutMillis() == b.failTimeoutMillis();
  }

  private static List<JsonObject> entries(List<PolicySpec> specs) {
    return specs.stream().map(PolicySpec::entry).toList();
  }

  private static List<String> restartOnly(GatewayConfig a, GatewayConfig b) {
    List<String> out = new ArrayList<>();
    check(out, "admin", a.admin(), b.admin());
    check(out, "event-loops", a.eventLoops(), b.eventLoops());
    check(out, "native-transport", a.nativeTransport(), b.nativeTransport());
    check(out, "builtin-backends", a.builtinBackends(), b.builtinBackends());
    check(out, "cluster", a.cluster(), b.cluster());
    check(out, "node-address", a.nodeAddress(), b.nodeAddress());
    return out;
  }

  private static void check(List<String> out, String field, Object a, Object b) {
    if (!Objects.equals(a, b)) {
      out.add("field '" + field + "': changed; takes effect at the next restart");
    }
  }
}
