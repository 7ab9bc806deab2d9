package io.tcpgate.core.state;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.config.ToxicSpecs;
import io.tcpgate.core.reload.ConfigReconciler;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.core.route.ToxicCountdowns;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies runtime state to this node: keeps the node's view of every route's state, and on each change
 * makes the gateway match it — a route runs when it exists (file or runtime) and listens when enabled,
 * its toxics are those of the state, in order. Changes are applied one at a time on one Vert.x context.
 */
final class StateApplier implements StateStore.ChangeListener {
  private static final Logger LOG = LoggerFactory.getLogger(StateApplier.class);
  /** Longest {@link #inForce} waits for this node to see a stored change, ms. */
  static final long IN_FORCE_TIMEOUT_MILLIS = 10_000;
  private final Gateway gateway;
  private final Specs specs;
  private final Expired expired;
  private final Context context;
  private final Map<String, RouteState> view = new ConcurrentHashMap<>();
  /** Callers of {@link #inForce} whose change this node has not seen yet; on {@link #context} only. */
  private final List<Waiter> waiters = new ArrayList<>();
  /** First wait before a route whose state could not be applied here is tried again, ms. */
  static final long RETRY_FIRST_MILLIS = 1_000;
  /** Longest wait between two tries, ms. */
  static final long RETRY_MAX_MILLIS = 30_000;
  /** Why a route's state could not be applied here, by route; cleared once it is. */
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  /** The wait before the next try, by route with a problem. */
  private final Map<String, Long> retryDelays = new ConcurrentHashMap<>();
  /** The timer of the next try, by route with one scheduled; cancelled once the route is applied. */
  private final Map<String, Long> retryTimers = new ConcurrentHashMap<>();
  private Future<Void> queue = Future.succeededFuture();
  /**
   * False until {@link #applyAll} (the gateway's own start has run): meanwhile a change only updates the
   * view, which the routes the gateway starts take their state from, and its route is kept in
   * {@link #held} for {@link #applyAll}. On {@link #context} only.
   */
  private boolean started;
  /** Routes changed before {@link #started}; on {@link #context} only. */
  private final Set<String> held = new LinkedHashSet<>();
  /**
   * Each route's state as of the last apply queued for it, which {@link #inForce} compares with; on
   * {@link #context} only. The {@link #view} is updated on the store's thread before its apply is queued,
   * so a change that answers in between finds the view changed and must not count it as applied.
   */
  private final Map<String, RouteState> queued = new HashMap<>();
  /** Whether {@link #read} has put the state read at attach into the view; guarded by {@link #view}. */
  private boolean read;
  /** Routes a change reached before {@link #read}: the change is newer than what was read; guarded by {@link #view}. */
  private final Set<String> changedBeforeRead = new HashSet<>();
  /**
   * This node's ttl countdowns of the state's toxics, by route: the only ones of those toxics here (a
   * route runtime counts only the toxics its config file declares). Each toxic is on the countdown the
   * state names ({@link Toxic#countdown}), counted from when this node first applied it, whether its
   * route runs here or not, and however often it starts again; one that ran out here keeps its toxic
   * off this node's route. Guarded by itself.
   */
  private final Map<String, ToxicCountdowns> countdowns = new HashMap<>();

  /** Called when a toxic's ttl ran out on this node. */
  interface Expired {
    /** {@code toxic} of {@code route} has been in force for its ttl here, on {@code countdown} (null for a toxic stored without one). */
    void ran(String route, String toxic, String countdown);
  }

  /**
   * @param expired called on this node when a toxic with a {@code ttl} has been in force that long
   *     here, so the state forgets it (every node calls it; the first removes it)
   */
  StateApplier(Gateway gateway, Specs specs, Expired expired) {
    this.gateway = gateway;
    this.specs = specs;
    this.expired = expired;
    this.context = gateway.vertx().getOrCreateContext();
  }

  Map<String, RouteState> view() {
    return view;
  }

  /**
   * Puts the whole state, read once this listener was registered, into the view: a route a change
   * reached meanwhile keeps that change (it is newer; a change still on its way follows it).
   */
  void read(Map<String, RouteState> entries) {
    LOG.info("runtime state read: {} route(s) with state", entries.size());
    synchronized (view) {
      entries.forEach((route, s) -> {
        if (!changedBeforeRead.contains(route)) {
          view.put(route, s);
        }
      });
      read = true;
      changedBeforeRead.clear();
    }
  }

  @Override
  public void changed(String route, RouteState state) {
    synchronized (view) {
      if (state == null) {
        view.remove(route);
      } else {
        view.put(route, state);
      }
      if (!read) {
        changedBeforeRead.add(route);
      }
    }
    context.runOnContext(v -> {
      if (!started) {
        held.add(route);
        return;
      }
      queueApply(route, state);
      release(route);
    });
  }

  @Override
  public void resynced(Map<String, RouteState> all) {
    Set<String> routes;
    synchronized (view) {
      routes = new HashSet<>(view.keySet());
      routes.addAll(all.keySet());
      view.clear();
      view.putAll(all);
      if (!read) {
        changedBeforeRead.addAll(routes);
      }
    }
    LOG.info("runtime state resynchronised after a cluster merge: {} route(s)", all.size());
    context.runOnContext(v -> {
      if (!started) {
        held.addAll(routes);
        return;
      }
      routes.forEach(r -> {
        queueApply(r, all.get(r));
        release(r);
      });
    });
  }

  /**
   * Applies one route (its file config changed, or a reload could not make it listen); completes once it
   * is applied (at once before {@link #applyAll}, which applies it then).
   */
  Future<Void> reapply(String route) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      if (!started) {
        held.add(route);
        done.complete();
        return;
      }
      queue = queue.transform(ar -> apply(route));
      queue.onComplete(done);
    });
    return done.future();
  }

  /**
   * Once the gateway's own start has run: applies every route of the view, and those changed during the
   * start (until now a change only updated the view: applying it could start a route of the file the
   * start was about to start too). Completes once they are applied.
   */
  Future<Void> applyAll() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      started = true;
      Map<String, RouteState> now = new HashMap<>(view);
      Set<String> routes = new LinkedHashSet<>(now.keySet());
      routes.addAll(held);
      held.clear();
      routes.forEach(r -> queueApply(r, now.get(r)));
      for (Waiter w : List.copyOf(waiters)) {
        if (w.reached.test(queued.get(w.route))) {
          waiters.remove(w);
          settle(w);
        }
      }
      queue.onComplete(ar -> done.complete());
    });
    return done.future();
  }

  /**
   * Completes once this node has applied {@code stored} (the state a change stored for {@code route},
   * null when it deleted it), or a later one, to its listeners and live connections. Gives up waiting
   * for the change to arrive after {@link #IN_FORCE_TIMEOUT_MILLIS} (a later change replaced it).
   */
  Future<Void> inForce(String route, RouteState stored) {
    Predicate<RouteState> reached = stored == null ? s -> s == null : s -> s != null && s.version() >= stored.version();
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      Waiter w = new Waiter(route, reached, done);
      if (started && reached.test(queued.get(route))) {
        settle(w);
        return;
      }
      waiters.add(w);
      gateway.vertx().setTimer(IN_FORCE_TIMEOUT_MILLIS, id -> {
        if (waiters.remove(w)) {
          LOG.debug("route {}: change not seen here within {} ms", route, IN_FORCE_TIMEOUT_MILLIS);
          done.tryComplete();
        }
      });
    });
    return done.future();
  }

  String problem(String route) {
    return problems.get(route);
  }

  Map<String, String> problems() {
    return Map.copyOf(problems);
  }

  /** Hook run on a new route runtime before it listens: the state's toxics go on first. */
  void beforeListening(RouteRuntime runtime) {
    syncToxics(runtime, view.get(runtime.name()));
  }

  /** Queues an apply of {@code route}, whose state is {@code state} (null: none) as of this call. */
  private void queueApply(String route, RouteState state) {
    if (state == null) {
      queued.remove(route);
    } else {
      queued.put(route, state);
    }
    queue = queue.transform(ar -> apply(route));
  }

  private void release(String route) {
    RouteState now = queued.get(route);
    for (Waiter w : List.copyOf(waiters)) {
      if (w.route.equals(route) && w.reached.test(now)) {
        waiters.remove(w);
        settle(w);
      }
    }
  }

  /** Completes {@code w} after every change queued so far is applied and in force on live connections. */
  private void settle(Waiter w) {
    Future<Void> applied = queue.transform(ar -> Future.<Void>succeededFuture());
    queue = applied;
    applied.compose(v -> {
      Gateway.RunningRoute r = gateway.route(w.route);
      return r == null ? Future.<Void>succeededFuture() : r.runtime().applied();
    }).onComplete(ar -> w.done.tryComplete());
  }

  /**
   * Makes this node match the state of {@code route}; what cannot be applied here (an address taken on
   * this node) is recorded for the API and readiness, and tried again later.
   */
  private Future<Void> apply(String route) {
    if (gateway.isStopping()) {
      return Future.succeededFuture(); // a stopping node opens no listener again (it only drains), and what it said of a route stands
    }
    return reconcile(route).transform(ar -> {
      record(route, ar.succeeded() ? ar.result() : String.valueOf(ar.cause().getMessage()));
      return Future.<Void>succeededFuture();
    });
  }

  /** Why the route's state could not be applied here, or null once it is. */
  private Future<String> reconcile(String route) {
    RouteState s = view.get(route);
    RouteConfig wanted;
    boolean runtimeRoute = s != null && s.definition() != null;
    if (runtimeRoute) {
      try {
        wanted = specs.route(s.definition());
      } catch (RuntimeStateException e) {
        return Future.succeededFuture("runtime definition not applied: " + e.getMessage());
      }
    } else {
      wanted = gateway.config().routes().stream().filter(r -> r.name().equals(route)).findFirst().orElse(null);
    }
    Gateway.RunningRoute running = gateway.route(route);
    if (wanted == null) {
      forgetCountdowns(route, s == null ? Set.of() : s.toxicNames()); // those the state keeps still count here
      if (running != null) {
        LOG.info("route {}: deleted at run time", route);
        running.runtime().closeAll(CloseAction.FIN, CloseCause.ADMIN); // an API call, as a disable is: counted as admin
        // done once nothing listens on its address; its connections end in the background (FIN, drain)
        return gateway.retireRoute(route, 0, CloseAction.FIN).closed().onComplete(ar -> gateway.runtimeRouteDeleted(route)).map(v -> null);
      }
      return Future.succeededFuture();
    }
    if (running == null) {
      // enabled or not as the state says; toxics on before it listens. An address taken here leaves the
      // route known but not listening, so the API shows it and the retry enables it.
      return gateway.startRoute(wanted).transform(ar -> {
        if (ar.succeeded()) {
          return Future.succeededFuture();
        }
        gateway.addNotListening(wanted);
        return Future.succeededFuture(ar.cause().getMessage());
      });
    }
    // a file route the state's definition of that name had replaced gets the file's config back
    RouteConfig target = wanted;
    Future<?> moved = Future.succeededFuture();
    if (!target.listen().equals(running.runtime().config().listen())) {
      moved = gateway.listeners().relisten(route, target.listen());
    }
    boolean enabled = s == null || s.enabled();
    return moved.transform(ar -> {
      Gateway.RunningRoute now = gateway.route(route);
      if (now == null) {
        return Future.succeededFuture();
      }
      if (ar.succeeded() && !ConfigReconciler.same(now.runtime().config(), target)) {
        now.runtime().reconfigure(target, s == null ? Set.of() : s.toxicNames());
      }
      syncToxics(now.runtime(), view.get(route));
      String notMoved = ar.failed() ? ar.cause().getMessage() : null;
      if (now.enabled() == enabled) {
        return Future.succeededFuture(notMoved);
      }
      // a retry says nothing until it succeeds, nor does a route of the file a reload left not listening (no state)
      if (s != null && !problems.containsKey(route)) {
        LOG.info("route {}: {} at run time", route, enabled ? "enabled" : "disabled");
      }
      return gateway.listeners().setEnabled(route, enabled).transform(e -> Future.succeededFuture(e.succeeded() ? notMoved : e.cause().getMessage()));
    });
  }

  /**
   * Records the outcome of applying a route: a problem is logged when it is new and tried again after
   * {@link #RETRY_FIRST_MILLIS}, doubling up to {@link #RETRY_MAX_MILLIS}; null clears it, and the last
   * reload's warning that the route could not listen.
   */
  private void record(String route, String outcome) {
    if (outcome == null) {
      retryDelays.remove(route);
      Long retry = retryTimers.remove(route); // applied by another way (a change, a reset): a later problem starts afresh
      if (retry != null) {
        gateway.vertx().cancelTimer(retry);
      }
      boolean wasProblem = problems.remove(route) != null;
      boolean wasWarning = gateway.reloadStatus().settled(route); // a reload's warning that it could not listen goes
      Gateway.RunningRoute r = gateway.route(route);
      if ((wasProblem || wasWarning) && r != null) { // a deleted route's problem goes with it: its deletion was logged
        LOG.info("route {}: now applied on this node{}", route, r.enabled() ? ", listening on " + r.boundAddress() : "");
      }
      return;
    }
    String problem = outcome.startsWith("route '" + route + "'") ? outcome : "route '" + route + "': " + outcome;
    if (!problem.equals(problems.put(route, problem))) {
      LOG.error("not applied on this node: {} (tried again until it is, or the route changes or goes)", problem);
    }
    if (!retryTimers.containsKey(route)) {
      long delay = retryDelays.merge(route, RETRY_FIRST_MILLIS, (was, first) -> Math.min(was * 2, RETRY_MAX_MILLIS));
      retryTimers.put(route, gateway.vertx().setTimer(delay, id -> context.runOnContext(v -> {
        if (retryTimers.remove(route, id) && problems.containsKey(route)) {
          queue = queue.transform(ar -> apply(route));
        }
      })));
    }
  }

  private void syncToxics(RouteRuntime runtime, RouteState s) {
    List<Toxic> wanted = s == null ? List.of() : s.toxics();
    // toxics declared in the config file belong to the file (a reload changes them), not to the state: one
    // the state let go of is the file's again
    for (RouteRuntime.NamedPolicy p : runtime.toxics()) {
      if (wanted.stream().noneMatch(t -> t.name().equals(p.name()))) {
        letGo(runtime, p.name());
      }
    }
    forgetCountdowns(runtime.name(), s == null ? Set.of() : s.toxicNames()); // a deleted toxic's countdown ends with it
    for (Toxic t : wanted) {
      RouteRuntime.NamedPolicy current = runtime.toxics().stream().filter(p -> p.name().equals(t.name())).findFirst().orElse(null);
      try {
        PolicySpec spec = specs.toxic(t);
        if (countDown(runtime.name(), t, ToxicSpecs.ttlMillis(spec))) {
          // ran out here: off this route, while the state forgets it (a change meanwhile does not put it back)
          letGo(runtime, t.name());
          continue;
        }
        runtime.leaveToState(t.name());
        if (current == null) {
          runtime.addToxic(t.name(), spec);
        } else if (!current.spec().entry().equals(spec.entry())) {
          runtime.replaceToxic(t.name(), spec);
        }
      } catch (RuntimeStateException e) {
        LOG.error("route {}: toxic {} not applied: {}", runtime.name(), t.name(), e.getMessage());
      }
    }
  }

  /** The state's toxic {@code name} is off {@code runtime}: a toxic the config file declares under that name is in force again. */
  private static void letGo(RouteRuntime runtime, String name) {
    if (runtime.config().declaresToxic(name)) {
      runtime.takeBack(name);
    } else {
      runtime.removeToxic(name);
    }
  }

  /**
   * Puts {@code t} on the countdown the state names, started here unless it was already (created, given
   * another ttl, or deleted and created again: a new countdown, which replaces the one it was on). Once
   * it runs out, the toxic leaves the route here and the state forgets it, if it is still on that
   * countdown. A toxic stored without a countdown id (by an older build) is on one all the same.
   *
   * @return whether {@code t}'s countdown has run out here
   */
  private boolean countDown(String route, Toxic t, long ttl) {
    synchronized (countdowns) {
      ToxicCountdowns here = countdowns.computeIfAbsent(route, r -> new ToxicCountdowns(gateway.vertx()));
      here.countDown(t.name(), t.countdown(), ttl, () -> {
        reapply(route);
        expired.ran(route, t.name(), t.countdown());
      });
      if (here.isEmpty()) {
        countdowns.remove(route);
      }
      return here.ranOut(t.name());
    }
  }

  /** Ends this node's countdowns of the route's toxics not named in {@code kept} (deleted, or the route is). */
  private void forgetCountdowns(String route, Set<String> kept) {
    synchronized (countdowns) {
      ToxicCountdowns here = countdowns.get(route);
      if (here == null) {
        return;
      }
      here.endAllBut(kept);
      if (here.isEmpty()) {
        countdowns.remove(route);
      }
    }
  }

  private record Waiter(String route, Predicate<RouteState> reached, Promise<Void> done) {
  }
}
