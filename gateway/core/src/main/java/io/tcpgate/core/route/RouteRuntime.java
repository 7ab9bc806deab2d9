package io.tcpgate.core.route;

import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.config.ToxicSpecs;
import io.tcpgate.core.relay.ActivePolicy;
import io.tcpgate.core.relay.LegSocket;
import io.tcpgate.core.relay.RelayConnection;
import io.tcpgate.core.relay.SocketControl;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.ConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one route needs at run time: its config, backend pool, client for backend connects,
 * counters and live connections. Shared by every event loop its clients are relayed on.
 */
public final class RouteRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(RouteRuntime.class);
  private static final AtomicLong IDS = new AtomicLong();

  private final Vertx vertx;
  private volatile RouteConfig config;
  private volatile BackendPool backends;
  private final NetClient client;
  private final RouteStats stats = new RouteStats();
  private final Map<Long, RelayConnection> connections = new ConcurrentHashMap<>();
  /** {@link #listenerEpoch} once {@link #drain} began: the route is stopped for good, a client accepted from then on is reset. */
  private static final long STOPPED = -1;
  /**
   * Whose clients are relayed: a listener relays those it takes while the route is in the epoch the listener
   * was made in ({@link #listenerEpoch()}). A disable begins the next ({@link #retireListeners}); a drain ends
   * them all ({@link #STOPPED}).
   */
  private final AtomicLong listenerEpoch = new AtomicLong();
  private final Map<String, NamedPolicy> toxics = new LinkedHashMap<>();
  /**
   * The ttl countdowns of the toxics the config file declares, on their ttl: a declaration that keeps
   * the ttl keeps the countdown. The runtime state counts the ttl of its own toxics (they outlive this
   * runtime); each toxic is counted once.
   */
  private final ToxicCountdowns declaredCountdowns;
  /**
   * Declared toxics whose name the runtime state holds too: the state's toxic is in force under that name
   * (see {@link #leaveToState}); the declaration's countdown goes on but takes nothing off. Guarded by this.
   */
  private final Set<String> leftToState = new HashSet<>();

  public RouteRuntime(Vertx vertx, RouteConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.backends = new BackendPool(config);
    this.client = vertx.createNetClient(new NetClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()))
      .setTcpNoDelay(true)
      .setTcpQuickAck(true)
      .setReconnectAttempts(0));
    this.declaredCountdowns = new ToxicCountdowns(vertx);
    for (PolicySpec toxic : config.toxics()) {
      addToxic(ToxicSpecs.name(toxic), toxic);
      countDeclared(ToxicSpecs.name(toxic), toxic);
    }
  }

  public String name() {
    return config.name();
  }

  public RouteConfig config() {
    return config;
  }

  public BackendPool backends() {
    return backends;
  }

  public RouteStats stats() {
    return stats;
  }

  /** Live connections of this route. */
  public Collection<RelayConnection> connections() {
    return connections.values();
  }

  /**
   * Applies a changed config of the same route to connections accepted from now on: backends,
   * balance, connect timeout, max-fails, fail-timeout, policies, buffer size. Live connections keep
   * what they started with (their policies, their backend). Declared toxics follow the new config on
   * new and live connections (see {@link #redeclareToxics}); toxics added at run time stay. The listen
   * address is the listener's business ({@code RouteListeners.relisten}).
   *
   * @param stateToxics names of the toxics the runtime state holds for this route: those are the
   *     state's, and a declaration of the same name leaves them alone
   */
  public void reconfigure(RouteConfig next, Set<String> stateToxics) {
    if (!next.name().equals(config.name())) {
      throw new IllegalArgumentException("route '" + config.name() + "' cannot become '" + next.name() + "'");
    }
    if (BackendPool.differs(config, next)) {
      backends = new BackendPool(next);
    }
    handOver(config.policies(), next.policies());
    List<PolicySpec> declared = config.toxics();
    config = next; // first: the runtime state's sync leaves the toxics the new config declares alone
    redeclareToxics(declared, next.toxics(), stateToxics);
  }

  /**
   * Makes the declared toxics go from {@code old} to {@code next}: one no longer declared is removed,
   * one whose entry changed is replaced (in place on live connections where the toxic can take the
   * update over), a new one is added, in the order declared. A name in {@code stateToxics} is skipped.
   */
  private synchronized void redeclareToxics(List<PolicySpec> old, List<PolicySpec> next, Set<String> stateToxics) {
    Map<String, PolicySpec> before = new HashMap<>();
    old.forEach(t -> before.put(ToxicSpecs.name(t), t));
    for (String name : before.keySet()) {
      if (next.stream().noneMatch(t -> ToxicSpecs.name(t).equals(name)) && !stateToxics.contains(name)) {
        removeToxic(name);
      }
    }
    for (PolicySpec spec : next) {
      String name = ToxicSpecs.name(spec);
      PolicySpec was = before.get(name);
      if (stateToxics.contains(name) || was != null && was.entry().equals(spec.entry())) {
        continue;
      }
      if (!replaceToxic(name, spec)) {
        addToxic(name, spec);
      }
      countDeclared(name, spec);
    }
  }

  /** A declared toxic with a {@code ttl} removes itself once it ran out, unless it was removed or given another ttl meanwhile. */
  private void countDeclared(String name, PolicySpec spec) {
    long ttl = ToxicSpecs.ttlMillis(spec);
    declaredCountdowns.countDown(name, ttl, ttl, () -> {
      synchronized (this) {
        if (declaredCountdowns.ranOut(name) && !leftToState.contains(name)) {
          removeToxic(name);
        }
      }
    });
  }

  /**
   * The runtime state holds a toxic named {@code name}, which it puts in force here and counts the ttl of:
   * a declaration of that name no longer takes it off when its own ttl runs out. Nothing for an undeclared name.
   */
  public synchronized void leaveToState(String name) {
    if (config.declaresToxic(name)) {
      leftToState.add(name);
    }
  }

  /**
   * The runtime state no longer holds toxic {@code name} (removed, or its ttl ran out): the declaration of
   * that name is in force again, on its countdown, unless its ttl ran out meanwhile; without one, the toxic goes.
   */
  public synchronized void takeBack(String name) {
    leftToState.remove(name);
    PolicySpec declared = config.toxics().stream().filter(t -> ToxicSpecs.name(t).equals(name)).findFirst().orElse(null);
    if (declared == null || declaredCountdowns.ranOut(name)) {
      removeToxic(name);
      return;
    }
    NamedPolicy now = toxics.get(name);
    if (now != null && now.spec().entry().equals(declared.entry())) {
      return;
    }
    if (!replaceToxic(name, declared)) {
      addToxic(name, declared);
    }
    countDeclared(name, declared); // a reload that declared it while the state held it started none
  }

  /** Lets each new policy take over from the one it replaces: the n-th of a type succeeds the n-th of that type. */
  private void handOver(List<PolicySpec> old, List<PolicySpec> next) {
    Map<String, Integer> seen = new HashMap<>();
    for (PolicySpec spec : next) {
      int n = seen.merge(spec.type(), 1, Integer::sum) - 1;
      PolicySpec previous = old.stream().filter(o -> o.type().equals(spec.type())).skip(n).findFirst().orElse(null);
      takeOver(spec, previous);
    }
  }

  /** {@code spec}'s policy takes over from {@code previous}'s when that is another policy of the same type; a failure is logged. */
  private void takeOver(PolicySpec spec, PolicySpec previous) {
    if (previous == null || previous.policy() == spec.policy() || !previous.type().equals(spec.type())) {
      return;
    }
    try {
      spec.policy().takeOver(previous.policy());
    } catch (RuntimeException e) {
      LOG.error("route {}: policy plugin '{}' ({}) failed in takeOver(): {}", name(), spec.type(),
        spec.policy().getClass().getName(), e.toString(), e);
    }
  }

  /** At most one accept-failure line per this many ms per route; the failures between are counted in the next. */
  static final long ACCEPT_FAILURE_LOG_MILLIS = 10_000;
  private long acceptFailureLoggedNanos;
  private long acceptFailuresUnlogged;
  private boolean acceptFailureLogged;
  private final Object acceptFailureLock = new Object();

  /** A client could not be accepted (accepting pauses meanwhile, see {@link SocketControl#listen}); logs it, rate-limited. */
  void acceptFailed(Throwable cause) {
    String since;
    synchronized (acceptFailureLock) { // its own lock: the route's monitor guards the toxics every new connection reads
      long now = System.nanoTime();
      if (acceptFailureLogged && now - acceptFailureLoggedNanos < ACCEPT_FAILURE_LOG_MILLIS * 1_000_000) {
        acceptFailuresUnlogged++;
        return;
      }
      since = acceptFailuresUnlogged > 0 ? " (" + acceptFailuresUnlogged + " more failed accepts since the last report)" : "";
      acceptFailureLogged = true;
      acceptFailureLoggedNanos = now;
      acceptFailuresUnlogged = 0;
    }
    String hint = String.valueOf(cause.getMessage()).contains("Too many open files")
      ? " (the process is out of file descriptors: raise its open-files limit, ulimit -n)" : "";
    LOG.error("route {}: cannot accept clients: {}{}; accepting pauses {} ms at a time while it lasts{}", name(), cause.getMessage(), hint,
      SocketControl.ACCEPT_PAUSE_MILLIS, since);
  }

  /**
   * Accepts a client: runs on the event loop the socket is registered on; {@code context} is a Vert.x context
   * there, {@code epoch} the {@link #listenerEpoch()} of the listener that took it.
   */
  void accept(LegSocket socket, Context context, long epoch) {
    RelayConnection connection = new RelayConnection(IDS.incrementAndGet(), this, socket);
    connections.put(connection.id(), connection);
    stats.opened();
    try {
      // looked at after the put: a disable or drain that began before it may not have seen this connection
      // (and may have ended), one that begins after it sees it
      long now = listenerEpoch.get();
      if (now != epoch) {
        if (now == STOPPED) {
          connection.refuseLateAccept(CloseAction.RST, CloseCause.SHUTDOWN);
        } else {
          connection.refuseLateAccept(CloseAction.FIN, CloseCause.ADMIN);
        }
        return;
      }
      connection.start(context);
    } catch (RuntimeException e) {
      LOG.error("route {}: connection {} failed to start: {}", name(), connection.id(), e.toString(), e);
      socket.close();
    }
  }

  /** Opens the route's policies, then its toxics, on a new connection, in order. */
  public List<ActivePolicy> openPolicies(RelayConnection connection) {
    List<ActivePolicy> active = new ArrayList<>();
    for (PolicySpec spec : config.policies()) {
      active.add(new ActivePolicy(spec.type(), spec.policy(), open(spec, connection)));
    }
    for (NamedPolicy t : toxics()) {
      active.add(new ActivePolicy(t.spec().type(), t.name(), t.spec().policy(), open(t.spec(), connection)));
    }
    return active;
  }

  /** Opens one policy on a connection ({@link ConnectionPolicy#NONE} for null); a failure names the plugin. */
  private static ConnectionPolicy open(PolicySpec spec, RelayConnection connection) {
    try {
      ConnectionPolicy instance = spec.policy().open(connection);
      return instance == null ? ConnectionPolicy.NONE : instance;
    } catch (RuntimeException e) {
      throw new IllegalStateException("policy plugin '" + spec.type() + "' (" + spec.policy().getClass().getName()
        + ") failed in open(): " + e, e);
    }
  }

  /** A policy added at run time under a name (a toxic), with what created it. */
  public record NamedPolicy(String name, PolicySpec spec) {
  }

  /** Toxics of this route, in insertion order. */
  public synchronized List<NamedPolicy> toxics() {
    return List.copyOf(toxics.values());
  }

  /**
   * Adds a named policy to new connections and to every live one (applied on each one's event loop,
   * between chunks; this call never waits for the data path). Its {@code ttl}, if any, is its owner's
   * to count: the config file's (see {@link #reconfigure}) or the runtime state's.
   *
   * @return false when the name is taken
   */
  public synchronized boolean addToxic(String name, PolicySpec spec) {
    if (toxics.putIfAbsent(name, new NamedPolicy(name, spec)) != null) {
      return false;
    }
    for (RelayConnection c : connections.values()) {
      c.addPolicy(spec.type(), name, spec.policy());
    }
    return true;
  }

  /** The epoch a listener made now relays its clients in: until the next {@link #retireListeners}. */
  public long listenerEpoch() {
    return listenerEpoch.get();
  }

  /**
   * For a disable (Toxiproxy's {@code enabled: false}), before it closes the live connections: a client a
   * listener made before this took, whose accept runs from now on, is closed as the disable closes live
   * connections (FIN, counted as admin), never relayed; a listener made after it relays its clients.
   * Nothing once the route is stopped for good.
   */
  public void retireListeners() {
    listenerEpoch.getAndUpdate(e -> e == STOPPED ? e : e + 1);
  }

  /** Closes every live connection (from any thread; applied on each one's event loop). */
  public void closeAll(CloseAction action, CloseCause cause) {
    for (RelayConnection c : connections.values()) {
      c.closeOnLoop(action, cause);
    }
  }

  /**
   * Replaces a named policy in place, on new and live connections (the new policy takes over from the
   * old one first when both are of one type); false when there is none.
   */
  public synchronized boolean replaceToxic(String name, PolicySpec spec) {
    NamedPolicy previous = toxics.get(name);
    if (previous == null) {
      return false;
    }
    takeOver(spec, previous.spec());
    toxics.put(name, new NamedPolicy(name, spec));
    for (RelayConnection c : connections.values()) {
      c.replacePolicy(spec.type(), name, spec.policy());
    }
    return true;
  }

  /**
   * Completes once the toxic changes made so far are in force on every live connection (each one
   * applies them on its event loop, between chunks); waits for no data to drain.
   */
  public Future<Void> applied() {
    List<Future<?>> all = new ArrayList<>();
    for (RelayConnection c : connections.values()) {
      all.add(c.barrier());
    }
    return Future.join(all).mapEmpty();
  }

  /** Removes a named policy from new and live connections; false when there is none. */
  public synchronized boolean removeToxic(String name) {
    if (toxics.remove(name) == null) {
      return false;
    }
    declaredCountdowns.end(name);
    for (RelayConnection c : connections.values()) {
      c.removePolicy(name);
    }
    return true;
  }

  /**
   * Connects to a backend from the Vert.x context of {@code context}, so the backend socket shares the
   * client's event loop. Names are resolved now, at connect time.
   */
  public Future<NetSocket> connect(Address address, Context context) {
    ConnectOptions options = new ConnectOptions()
      .setRemoteAddress(address.toSocketAddress())
      .setTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()));
    if (Vertx.currentContext() == context) {
      return client.connect(options);
    }
    Promise<NetSocket> promise = Promise.promise();
    context.runOnContext(v -> client.connect(options).onComplete(promise));
    return promise.future();
  }

  /** A connection ended: called once, on its event loop. */
  public void closed(RelayConnection connection) {
    if (connections.remove(connection.id()) != null) {
      stats.closed(connection.closeCause());
    }
  }

  /**
   * Lets live connections finish for up to {@code millis}, then closes those left with
   * {@code action}. Completes when no connection is left, or once the closes are applied (never later
   * than the deadline plus 1 s); {@link #ended} tells when the last socket is closed.
   * New connections are refused by the listeners being stopped at the same time; a client a listener
   * took just before that, whose accept runs after, is reset (as the kernel resets one left in a closed
   * listener's queue), never relayed. Only for a route stopped for good: it accepts no client again.
   */
  public Future<Void> drain(long millis, CloseAction action) {
    listenerEpoch.set(STOPPED);
    Promise<Void> done = Promise.promise();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    checkDrained(done, deadline, action);
    return done.future();
  }

  /** One look every 20 ms (one-shot timers: nothing to cancel): done when empty; past the deadline, close the rest. */
  private void checkDrained(Promise<Void> done, long deadline, CloseAction action) {
    if (connections.isEmpty()) {
      done.tryComplete();
      return;
    }
    long late = System.nanoTime() - deadline;
    if (late >= 0) {
      for (RelayConnection c : connections.values()) {
        c.closeOnLoop(action, CloseCause.SHUTDOWN);
      }
      if (late >= 1_000_000_000L) {
        done.tryComplete();
        return;
      }
    }
    vertx.setTimer(20, id -> checkDrained(done, deadline, action));
  }

  /**
   * Completes once no connection is left, for a stop after {@link #drain}. The gateway's own FIN ends a
   * socket whose peer reads or has stopped reading within about {@link RelayConnection#ORDERLY_CLOSE_MILLIS}
   * (every byte the gateway held for it and the FIN, or a reset); what is left after that and 1 s more
   * (a slow reader, say) is reset: closing it otherwise would drop those bytes under the kernel's FIN.
   */
  public Future<Void> ended() {
    Promise<Void> done = Promise.promise();
    checkEnded(done, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RelayConnection.ORDERLY_CLOSE_MILLIS + 1_000));
    return done.future();
  }

  /** One look every 20 ms: done when empty; past {@code bound}, the rest is reset. */
  private void checkEnded(Promise<Void> done, long bound) {
    if (connections.isEmpty() || System.nanoTime() - bound >= 0) {
      for (RelayConnection c : connections.values()) {
        c.closeOnLoop(CloseAction.RST, CloseCause.SHUTDOWN);
      }
      done.tryComplete();
      return;
    }
    vertx.setTimer(20, id -> checkEnded(done, bound));
  }

  public Future<Void> close() {
    return client.close();
  }

  public Vertx vertx() {
    return vertx;
  }
}
