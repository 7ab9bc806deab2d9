package io.tcpgate.core;

import io.tcpgate.core.admin.AdminServer;
import io.tcpgate.core.builtin.BuiltinServer;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.BuiltinBackend;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.metrics.GatewayMetrics;
import io.tcpgate.core.reload.ConfigReconciler;
import io.tcpgate.core.reload.ReloadResult;
import io.tcpgate.core.route.RouteListener;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.core.state.ClusterView;
import io.tcpgate.core.state.RouteState;
import io.tcpgate.core.state.RuntimeState;
import io.tcpgate.spi.CloseAction;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: builtin backends, one listener deployment per route, the admin API.
 * Starting is all or nothing: when any listener cannot bind, everything already started is stopped
 * and the error names the route and the address.
 *
 * <p>Owns the start, the table of running routes with its rules against a stop ({@link #record}: nothing
 * is put in it once a stop has begun; {@link #underWay}: a stop waits for the listener starts under way),
 * the stop and the routes' drain. Where a running route listens (moved, released, turned off and on) is
 * {@link RouteListeners}'s, which changes the table by those rules.
 */
public final class Gateway {
  static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private volatile boolean stopping;
  private volatile GatewayConfig config;
  private final ReloadStatus reloadStatus = new ReloadStatus();
  private volatile Consumer<RouteRuntime> beforeListening = r -> { };
  private volatile Consumer<String> runtimeRouteDeleted = name -> { };
  private volatile RuntimeState runtimeState;
  private volatile ClusterView clusterView;
  private final List<Supplier<Future<?>>> afterStop = new CopyOnWriteArrayList<>();
  /** Completes once the first {@link #stop} is done (routes drained, admin API closed, {@link #afterStop} steps run). */
  private final Promise<Void> stopped = Promise.promise();
  /** Changed by start, stop, reloads and runtime state (each on its own context), read by the admin API. */
  private final Map<String, RunningRoute> routes = Collections.synchronizedMap(new LinkedHashMap<>());
  /**
   * Routes out of {@link #routes} whose live connections drain (a stop, a reload that removed them, a
   * delete), each with when its last connection ended.
   */
  private final Map<RouteRuntime, Promise<Void>> draining = new ConcurrentHashMap<>();
  /**
   * Listener starts under way ({@link #underWay}: a route's, a builtin backend's, the admin API's), each
   * completing once its listener is recorded ({@link #routes}, {@link #builtins}, {@link #admin}) or closed
   * again: a stop waits for them. Added to under the lock of {@link #routes}, as those are recorded.
   */
  private final Set<Future<Void>> starting = ConcurrentHashMap.newKeySet();
  /** Recorded under the lock of {@link #routes}, as {@link #admin} is: never once a stop has begun; read from any thread. */
  private final List<BuiltinServer> builtins = new CopyOnWriteArrayList<>();
  private volatile AdminServer admin;
  private final GatewayMetrics metrics = new GatewayMetrics();
  private final RouteListeners listeners;

  /**
   * A route: its runtime, where it listens, and deployments (none while it is disabled). The one record of
   * its addresses, which every admin endpoint shows ({@link #addressesJson}).
   *
   * @param listen the address it asked for on this node: its config's, a wildcard host replaced by
   *     {@code node-address} and port 0 by the port it got
   * @param bound the address its listener bound at {@code listen}, IP and port (a name such as
   *     {@code localhost} resolved), also while it is disabled; null until it listened there
   */
  public record RunningRoute(RouteRuntime runtime, Address listen, Address bound, List<String> deployments) {
    /** Whether it listens (Toxiproxy's {@code enabled}). */
    public boolean enabled() {
      return !deployments.isEmpty();
    }

    /** The address bound, as Toxiproxy reports a proxy's listen address; {@link #listen} until it listened there. */
    public Address boundAddress() {
      return bound != null ? bound : listen;
    }

    /** Its addresses as the admin API shows them: {@code listen} and {@code bound} (null until it listened there). */
    public JsonObject addressesJson() {
      return new JsonObject().put("listen", listen.toString()).put("bound", bound == null ? null : bound.toString());
    }

    /** This route not listening on {@code address}; where it was bound, when that is the address it had. */
    RunningRoute notListeningOn(Address address) {
      return new RunningRoute(runtime, address, address.equals(listen) ? bound : null, List.of());
    }
  }

  private Gateway(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.listeners = new RouteListeners(this);
  }

  /** Starts everything {@code config} describes on {@code vertx}. */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config) {
    Gateway g = new Gateway(vertx, config);
    return g.startAll().map(v -> g).recover(err -> g.stop().transform(ignored -> Future.failedFuture(err)));
  }

  /**
   * Like {@link #start(Vertx, GatewayConfig)}, with {@code prepare} run on the gateway before anything
   * listens (runtime state is attached there, see {@link GatewayNode}); a failed {@code prepare} fails the start.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, Function<Gateway, Future<?>> prepare) {
    Gateway g = new Gateway(vertx, config);
    return prepare.apply(g).compose(v -> g.startAll()).map(v -> g)
      .recover(err -> g.stop().transform(ignored -> Future.failedFuture(err)));
  }

  /** The runtime state the runtime API changes (set by {@link GatewayNode}; null for a bare gateway). */
  public RuntimeState runtimeState() {
    return runtimeState;
  }

  public void runtimeState(RuntimeState state) {
    runtimeState = state;
  }

  /** The cluster as this node sees it; null when standalone. */
  public ClusterView clusterView() {
    return clusterView;
  }

  public void clusterView(ClusterView view) {
    clusterView = view;
  }

  /**
   * Runs {@code step} at the end of {@link #stop}, after routes and the admin API stopped (leaving the
   * cluster). Steps run one after another, the last registered first: a step may rely on what an
   * earlier one set up (the runtime state on the cluster membership).
   */
  public void afterStop(Supplier<Future<?>> step) {
    afterStop.add(step);
  }

  private Future<Void> startAll() {
    List<Supplier<Future<?>>> steps = new ArrayList<>();
    for (BuiltinBackend b : config.builtinBackends()) {
      steps.add(() -> {
        BuiltinServer s = new BuiltinServer(new BuiltinBackend(b.type(), onNodeAddress(b.listen())));
        return startServer("builtin " + b.type() + " backend", b.listen(), () -> s.start(vertx), () -> builtins.add(s), s::close);
      });
    }
    for (RouteConfig r : config.routes()) {
      steps.add(() -> startRoute(r));
    }
    if (config.admin().enabled()) {
      steps.add(() -> {
        AdminServer a = new AdminServer(this);
        String host = config.admin().host();
        int port = config.admin().port();
        return startServer("admin API", host + ":" + port, () -> a.start(vertx, host, port), () -> admin = a, a::close);
      });
    }
    Promise<Void> done = Promise.promise();
    inTurn(steps.iterator(), done);
    return done.future();
  }

  /**
   * Runs {@code steps} one after another, each once the one before succeeded, and completes {@code done}
   * with the first failure, or once every step succeeded. Not one composed future per step: a failure early
   * in a config of thousands of routes would then fail each later one in turn, a few stack frames deeper
   * each time (a StackOverflowError, and a start that never ends).
   */
  private static void inTurn(Iterator<Supplier<Future<?>>> steps, Promise<Void> done) {
    while (steps.hasNext()) {
      Future<?> step;
      try {
        step = steps.next().get();
      } catch (RuntimeException e) {
        step = Future.failedFuture(e);
      }
      if (!step.isComplete()) {
        step.onComplete(ar -> {
          if (ar.succeeded()) {
            inTurn(steps, done);
          } else {
            done.fail(ar.cause());
          }
        });
        return;
      }
      if (step.failed()) {
        done.fail(step.cause());
        return;
      }
    }
    done.complete();
  }

  /**
   * Starts a server of the gateway's own (a builtin backend, the admin API) as a start under way
   * ({@link #underWay}): once it listens, {@code record} keeps it for the stop to close, unless a stop began
   * meanwhile: then it is closed again and the future fails with a {@link StoppingException}. One that
   * cannot listen is closed too, and the error names {@code what} and {@code address}.
   */
  private Future<Void> startServer(String what, Object address, Supplier<Future<?>> listen, Runnable record,
      Supplier<Future<Void>> close) {
    return underWay(what, () -> listen.get().transform(ar -> {
      if (ar.failed()) {
        StartException err = new StartException(what + ": cannot listen on " + address + ": " + message(ar.cause()), ar.cause());
        return close.get().transform(ignored -> Future.<Void>failedFuture(err));
      }
      if (unlessStopping(record)) {
        return Future.<Void>succeededFuture();
      }
      return close.get().transform(ignored -> Future.<Void>failedFuture(new StoppingException(what)));
    }));
  }

  /**
   * Starts listening for one route (one listening socket; clients are spread over the event loops).
   * Port 0 is first resolved to a free port, so the address is known before binding; a lost race for
   * that port is retried. A route the runtime state disabled is set up (address, toxics) without
   * listening.
   */
  public Future<RunningRoute> startRoute(RouteConfig r) {
    return underWay(routeNamed(r.name()), () -> startRoute(r, 3));
  }

  private Future<RunningRoute> startRoute(RouteConfig r, int attemptsLeft) {
    Address address;
    try {
      address = onNodeWithFreePort(r.listen());
    } catch (IOException e) {
      return Future.failedFuture(cannotListen(r.name(), r.listen(), e));
    }
    RouteRuntime runtime = new RouteRuntime(vertx, r);
    beforeListening.accept(runtime);
    if (!enabledAtRunTime(r.name())) {
      LOG.info("route {}: disabled at run time, not listening (address {})", r.name(), address);
      return notListening(runtime, address);
    }
    return deployListener(runtime, address)
      .onSuccess(running -> {
        metrics.bind(runtime);
        LOG.info("route {}: listening on {} -> {} ({})", r.name(), running.boundAddress(), r.backends(), r.balance().wireName());
      })
      .recover(err -> {
        if (err instanceof StoppingException) { // clients it accepted meanwhile end with the stop's drain
          return drainOut(runtime, 0, CloseAction.RST).transform(ignored -> Future.failedFuture(err));
        }
        runtime.close();
        if (r.listen().port() == 0 && attemptsLeft > 1) {
          return startRoute(r, attemptsLeft - 1);
        }
        return Future.failedFuture(cannotListen(r.name(), address, err));
      });
  }

  /**
   * Sets a route up without listening (its address is taken on this node): it shows in the API with
   * its address and toxics, and listens once {@link RouteListeners#setEnabled} succeeds. Nothing while
   * stopping (a stop that begins while it is set up closes it again), nor when a route of that name is
   * recorded by then (one that started meanwhile keeps its place, and its listener stays the gateway's).
   */
  public void addNotListening(RouteConfig r) {
    if (stopping || routes.containsKey(r.name())) {
      return;
    }
    RouteRuntime runtime = new RouteRuntime(vertx, r);
    beforeListening.accept(runtime);
    RunningRoute off = new RunningRoute(runtime, onNodeAddress(r.listen()), null, List.of());
    if (recordUnlessKnown(off)) {
      metrics.bind(runtime);
    } else {
      runtime.close();
    }
  }

  /** Records a route that does not listen; when a stop has begun, closes it instead and fails with a {@link StoppingException}. */
  private Future<RunningRoute> notListening(RouteRuntime runtime, Address address) {
    RunningRoute off = new RunningRoute(runtime, address, null, List.of());
    if (!record(off)) {
      return runtime.close().transform(ignored -> Future.failedFuture(new StoppingException(routeNamed(runtime.name()))));
    }
    metrics.bind(runtime);
    return Future.succeededFuture(off);
  }

  /**
   * Puts {@code r} in {@link #routes} (in place of the route of that name) unless a stop has begun: the stop
   * took the routes there were, and one recorded after it would outlive it. Whether it was put.
   */
  boolean record(RunningRoute r) {
    return unlessStopping(() -> routes.put(r.runtime().name(), r));
  }

  /** {@link #record}, only when no route of that name is recorded; whether it was put. */
  private boolean recordUnlessKnown(RunningRoute r) {
    boolean[] put = {false};
    unlessStopping(() -> put[0] = routes.putIfAbsent(r.runtime().name(), r) == null);
    return put[0];
  }

  /**
   * Runs {@code step} (recording something a stop must find: a route, a server, a start under way) under the
   * lock of {@link #routes}, unless a stop has begun; whether it ran. The stop takes what there is under
   * the same lock, so nothing recorded here escapes it.
   */
  private boolean unlessStopping(Runnable step) {
    synchronized (routes) {
      if (stopping) {
        return false;
      }
      step.run();
      return true;
    }
  }

  /**
   * Deploys a listener of {@code runtime} on {@code address} and puts the route as it then runs (with the
   * address bound, port 0: the one it got) in {@link #routes}. Called {@link #underWay}: when a stop began
   * meanwhile, the listener is closed again and the future fails with a {@link StoppingException}.
   */
  Future<RunningRoute> deployListener(RouteRuntime runtime, Address address) {
    RouteListener listener = new RouteListener(runtime, address);
    return vertx.deployVerticle(listener).compose(id -> {
      Address bound = listener.bound();
      Address asked = address.isUnix() || address.port() != 0 ? address : address.withPort(bound.port());
      RunningRoute running = new RunningRoute(runtime, asked, bound, List.of(id));
      if (record(running)) {
        return Future.succeededFuture(running);
      }
      return listeners.closeListeners(running).transform(ignored -> Future.failedFuture(new StoppingException(routeNamed(runtime.name()))));
    });
  }

  /**
   * Runs {@code start}, a step that may open a listener of {@code what} ({@code route 'a'}, {@code admin API}),
   * as a start under way: a stop that begins before it ends waits for it. Fails at once with a {@link
   * StoppingException} when a stop has begun.
   */
  <T> Future<T> underWay(String what, Supplier<Future<T>> start) {
    Promise<Void> ended = Promise.promise();
    if (!unlessStopping(() -> starting.add(ended.future()))) {
      return Future.failedFuture(new StoppingException(what));
    }
    Future<T> started;
    try {
      started = start.get();
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    return started.onComplete(ar -> {
      starting.remove(ended.future());
      ended.complete();
    });
  }

  /** {@code listen} with port 0 replaced by a port free now on this node's address for it. */
  public Address withFreePort(Address listen) throws IOException {
    return listen.isUnix() || listen.port() != 0 ? listen : listen.withPort(FreePort.on(onNodeAddress(listen).host()));
  }

  /** Where a route given {@code listen} binds on this node: {@link #onNodeAddress}, port 0 replaced by a port free now. */
  Address onNodeWithFreePort(Address listen) throws IOException {
    return onNodeAddress(withFreePort(listen));
  }

  /**
   * Whether {@code name} is a route of the config file (as opposed to one created at run time): false
   * while the runtime state holds a route of that name, which wins over the file's.
   */
  public boolean isFileRoute(String name) {
    if (config().routes().stream().noneMatch(r -> r.name().equals(name))) {
      return false;
    }
    RouteState s = runtimeState == null ? null : runtimeState.route(name);
    return s == null || s.definition() == null;
  }

  /** Whether the runtime state (if any) leaves the route enabled; a route it disabled starts off. */
  private boolean enabledAtRunTime(String route) {
    RouteState s = runtimeState == null ? null : runtimeState.route(route);
    return s == null || s.enabled();
  }

  /** {@code listen} with a wildcard host replaced by the config's {@code node-address}, when set. */
  public Address onNodeAddress(Address listen) {
    String node = config.nodeAddress();
    return node != null && listen.isWildcard() ? new Address(node, listen.port(), null) : listen;
  }

  /**
   * Runs {@code hook} on every route runtime created from now on, after it exists and before its
   * listener accepts a client (runtime state such as toxics is applied there). Default: nothing.
   */
  public void beforeListening(Consumer<RouteRuntime> hook) {
    beforeListening = hook;
  }

  /** Runs {@code hook} with a route's name once a route created at run time was deleted and stopped here. */
  public void onRuntimeRouteDeleted(Consumer<String> hook) {
    runtimeRouteDeleted = hook;
  }

  /** Called once a route created at run time was deleted and stopped here (see {@link #onRuntimeRouteDeleted}). */
  public void runtimeRouteDeleted(String name) {
    runtimeRouteDeleted.accept(name);
  }

  /**
   * Stops one route: its listener stops accepting at once, live connections may finish for up to
   * {@code drainMillis}, then those left are closed with {@code action}. Two moments are told apart:
   * {@link Retiring#closed} completes once its listener is closed and nothing listens on its address any
   * more (the address can be bound again), {@link Retiring#drained} once its live connections ended.
   */
  public Retiring retireRoute(String name, long drainMillis, CloseAction action) {
    RunningRoute r;
    synchronized (routes) {
      r = routes.remove(name);
      if (r == null) {
        return new Retiring(Future.succeededFuture(), Future.succeededFuture());
      }
      draining.putIfAbsent(r.runtime(), Promise.promise()); // never out of both: a stop must find it
    }
    Future<Void> drained = drainOut(r.runtime(), drainMillis, action);
    Future<Void> closed = listeners.closeListeners(r);
    Future<Void> done = closed.transform(ignored -> drained).onComplete(ar -> {
      if (!routes.containsKey(name)) {
        metrics.unbind(name);
      }
    });
    return new Retiring(closed, done);
  }

  /** A route being stopped: {@code closed} once its address is free, {@code drained} once its live connections ended. */
  public record Retiring(Future<Void> closed, Future<Void> drained) {
  }

  /**
   * Applies a changed config file: routes added, removed and changed (see {@link
   * ConfigReconciler}). Only routes of the file are touched. What it could not apply is shown in
   * {@link #reloadStatus}, a route that could not listen until it does.
   */
  public Future<ReloadResult> reload(GatewayConfig next) {
    return new ConfigReconciler(this).apply(config, next).onSuccess(result -> {
      config = result.applied();
      reloadStatus.applied(result); // before the retries below: one that succeeds takes its warning away
      RuntimeState state = runtimeState;
      if (state != null) {
        // a route left not listening is tried again until it listens; a route with a problem is looked at
        // against the new config (it may have changed or gone)
        Set<String> again = new LinkedHashSet<>(result.notListening().keySet());
        again.addAll(state.problems().keySet());
        again.forEach(state::reapply);
      }
    });
  }

  /** The outcome of the last config reloads, for /health. */
  public ReloadStatus reloadStatus() {
    return reloadStatus;
  }

  /** Event loops that relay: the config's, or one per core. */
  public int eventLoops() {
    return config.eventLoopThreads();
  }

  /**
   * Whether {@link #stop} has begun: from then on no listener opens again (state changes from the
   * cluster and config reloads are not applied here), while live connections drain.
   */
  public boolean isStopping() {
    return stopping;
  }

  /** Stops at once: listeners close, live connections are reset, those a stop, a reload or a delete left draining too. */
  public Future<Void> stop() {
    return stop(0, CloseAction.RST);
  }

  /**
   * Graceful stop: every listener stops accepting at once (new clients are refused), live
   * connections may finish for up to {@code drainMillis}, then those left are closed with
   * {@code action}; the admin API stays up until the end. A stop while another is under way (or done)
   * joins it: it ends the drain as it says (with RST and 0 ms, at once) and completes when the first
   * stop does; the admin API, builtin backends and {@link #afterStop} steps are closed and run once.
   * A listener start under way when it begins (the gateway's own start, a reload's, the runtime state's) is
   * waited for, and a listener it opens is closed again: once a stop completes, nothing of the gateway listens.
   */
  public Future<Void> stop(long drainMillis, CloseAction action) {
    boolean first;
    List<Future<?>> routesDone = new ArrayList<>();
    List<RunningRoute> running;
    List<RouteRuntime> left;
    AdminServer adminStarted; // the gateway's own servers started: from now on none is recorded, those starting close again
    List<BuiltinServer> builtinsStarted;
    synchronized (routes) {
      first = !stopping;
      stopping = true;
      adminStarted = admin;
      builtinsStarted = new ArrayList<>(builtins);
      routesDone.addAll(starting); // a listener they open is closed again: none is put in routes from now on
      left = new ArrayList<>(draining.keySet());
      running = new ArrayList<>(routes.values());
      running.forEach(r -> draining.putIfAbsent(r.runtime(), Promise.promise())); // never out of both: a second stop must find them
      routes.clear();
    }
    for (RouteRuntime r : left) { // a second stop ends their drain too (with RST, at once)
      routesDone.add(r.drain(drainMillis, action));
    }
    for (RunningRoute r : running) {
      routesDone.add(stopRoute(r, drainMillis, action));
    }
    // then until each socket is closed: Vert.x closed after this must drop nothing a FIN would vouch for
    Future<?> ended = Future.join(routesDone).transform(ignored -> Future.join(draining.values().stream().map(Promise::future).toList()));
    if (!first) {
      return ended.transform(ignored -> stopped.future());
    }
    ended.transform(ignored -> {
      List<Future<?>> all = new ArrayList<>();
      if (adminStarted != null) {
        all.add(adminStarted.close());
      }
      for (BuiltinServer b : builtinsStarted) {
        all.add(b.close());
      }
      return Future.join(all).transform(ar -> afterStopSteps()).onComplete(ar -> metrics.close());
    }).<Void>mapEmpty().onComplete(stopped);
    return stopped.future();
  }

  /** The {@link #afterStop} steps, the last registered first, each once the one before it ended (or failed). */
  private Future<?> afterStopSteps() {
    List<Supplier<Future<?>>> steps = new ArrayList<>(afterStop);
    afterStop.clear();
    Collections.reverse(steps);
    Future<?> chain = Future.succeededFuture();
    for (Supplier<Future<?>> step : steps) {
      chain = chain.transform(ar -> step.get());
    }
    return chain;
  }

  private Future<Void> stopRoute(RunningRoute r, long drainMillis, CloseAction action) {
    Future<Void> drained = drainOut(r.runtime(), drainMillis, action);
    List<Future<?>> undeployed = new ArrayList<>();
    for (String id : r.deployments()) {
      undeployed.add(vertx.undeploy(id));
    }
    return Future.join(undeployed).transform(ignored -> drained);
  }

  /**
   * Drains a route taken out of {@link #routes} (see {@link RouteRuntime#drain}); once its last socket is
   * closed ({@link RouteRuntime#ended}) its backend client is closed and its {@link #draining} entry
   * completes. Returns the drain.
   */
  private Future<Void> drainOut(RouteRuntime runtime, long drainMillis, CloseAction action) {
    Promise<Void> ended = draining.computeIfAbsent(runtime, k -> Promise.promise());
    Future<Void> drained = runtime.drain(drainMillis, action);
    drained.transform(ignored -> runtime.ended()).transform(ignored -> runtime.close()).onComplete(ar -> {
      draining.remove(runtime);
      ended.tryComplete();
    });
    return drained;
  }

  /** Where the running routes listen: what reloads and the runtime state change ({@link RouteListeners}). */
  public RouteListeners listeners() {
    return listeners;
  }

  /** The gateway's metrics registry (Prometheus text at the admin API's /metrics). */
  public GatewayMetrics metrics() {
    return metrics;
  }

  public GatewayConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Running routes by name, in config order. */
  public Map<String, RunningRoute> routes() {
    synchronized (routes) {
      return Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }
  }

  public RunningRoute route(String name) {
    return routes.get(name);
  }

  /**
   * Every route runtime whose connections still relay: those of {@link #routes()}, in config order, then
   * those that drain out of it (a stop, a reload that removed them, a deleted proxy).
   */
  public List<RouteRuntime> runtimes() {
    List<RouteRuntime> all = new ArrayList<>();
    synchronized (routes) {
      routes.values().forEach(r -> all.add(r.runtime()));
      draining.keySet().stream().filter(r -> !all.contains(r)).forEach(all::add);
    }
    return all;
  }

  public List<BuiltinServer> builtins() {
    return Collections.unmodifiableList(builtins);
  }

  /** The admin API's bound port, or -1 when it is disabled. */
  public int adminPort() {
    return admin == null ? -1 : admin.actualPort();
  }

  /** The transport the event loops run on: {@code epoll} or {@code nio}. */
  public String transport() {
    return transportName(vertx);
  }

  public static String transportName(Vertx vertx) {
    return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
  }

  /**
   * The options of a gateway's Vert.x: {@code eventLoops} event loops (0: one per core), epoll when
   * {@code nativeTransport} and available. The gateway reads files by their path only, so Vert.x neither
   * looks files up on the class path nor caches them: it makes no {@code vertx-cache-*} directory in
   * {@code java.io.tmpdir}, which it removes only on an orderly exit (a halted or killed process left it behind).
   */
  public static VertxOptions vertxOptions(int eventLoops, boolean nativeTransport) {
    return new VertxOptions().setPreferNativeTransport(nativeTransport)
      .setEventLoopPoolSize(GatewayConfig.eventLoopThreads(eventLoops))
      .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
  }

  static StartException cannotListen(String route, Object address, Throwable cause) {
    if (cause instanceof StoppingException stopping) {
      return stopping; // not the address's doing
    }
    return new StartException(routeNamed(route) + ": cannot listen on " + address + ": " + message(cause), cause);
  }

  /** How errors name a route: {@code route 'a'}. */
  static String routeNamed(String name) {
    return "route '" + name + "'";
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  /** Starting failed; the message names what could not start and where. */
  public static class StartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * A route (or a builtin backend, the admin API, the cluster member) was not started or changed, or its listener closed again
   * at once, because the gateway is stopping.
   */
  static final class StoppingException extends StartException {
    private static final long serialVersionUID = 1L;

    /** @param what what it was about: {@code route 'a'} ({@link #routeNamed}), {@code admin API} */
    StoppingException(String what) {
      super(what + ": the gateway is stopping", null);
    }
  }
}
