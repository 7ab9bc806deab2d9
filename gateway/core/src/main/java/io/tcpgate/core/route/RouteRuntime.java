package io.tcpgate.core.route;

import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.relay.ActivePolicy;
import io.tcpgate.core.relay.RelayConnection;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one route needs at run time: its config, backend pool, client for backend connects,
 * counters and live connections. Shared by the route's listener instances on every event loop.
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

  public RouteRuntime(Vertx vertx, RouteConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.backends = new BackendPool(config.backends(), config.balance());
    this.client = vertx.createNetClient(new NetClientOptions()
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.connectTimeoutMillis()))
      .setTcpNoDelay(true)
      .setTcpQuickAck(true)
      .setReconnectAttempts(0));
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

  /** Accepts a client: runs on the listener's event loop, in its Vert.x context. */
  void accept(NetSocket socket) {
    RelayConnection connection = new RelayConnection(IDS.incrementAndGet(), this, socket);
    connections.put(connection.id(), connection);
    stats.opened();
    try {
      connection.start();
    } catch (RuntimeException e) {
      LOG.error("route {}: connection {} failed to start: {}", name(), connection.id(), e.toString(), e);
      socket.close();
    }
  }

  /** Opens every policy of the route on a new connection, in config order. */
  public List<ActivePolicy> openPolicies(RelayConnection connection) {
    List<ActivePolicy> active = new ArrayList<>();
    for (PolicySpec spec : config.policies()) {
      ConnectionPolicy instance;
      try {
        instance = spec.policy().open(connection);
      } catch (RuntimeException e) {
        throw new IllegalStateException("policy plugin '" + spec.type() + "' (" + spec.policy().getClass().getName()
          + ") failed in open(): " + e, e);
      }
      active.add(new ActivePolicy(spec.type(), spec.policy(), instance == null ? ConnectionPolicy.NONE : instance));
    }
    return active;
  }

  /**
   * Connects to a backend from the Vert.x context of {@code context}, so the backend socket shares the
   * client's event loop. Names are resolved now, at connect time.
   */
  public Future<NetSocket> connect(Address address, Context context) {
    if (Vertx.currentContext() == context) {
      return client.connect(address.toSocketAddress());
    }
    Promise<NetSocket> promise = Promise.promise();
    context.runOnContext(v -> client.connect(address.toSocketAddress()).onComplete(promise));
    return promise.future();
  }

  /** A connection ended: called once, on its event loop. */
  public void closed(RelayConnection connection) {
    if (connections.remove(connection.id()) != null) {
      stats.closed(connection.closeCause(), connection.bytes(Direction.UPSTREAM), connection.bytes(Direction.DOWNSTREAM));
    }
  }

  public Future<Void> close() {
    return client.close();
  }

  public Vertx vertx() {
    return vertx;
  }
}
