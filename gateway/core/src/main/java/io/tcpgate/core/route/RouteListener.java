package io.tcpgate.core.route;

import io.tcpgate.core.config.Address;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;

/**
 * Accepts a route's clients on one event loop. A route is deployed as one instance per event loop, all
 * listening on the same address; Vert.x spreads new connections over them.
 */
public final class RouteListener extends VerticleBase {
  /** Pending-connection queue length of the listening socket. */
  public static final int ACCEPT_BACKLOG = 4096;

  private final RouteRuntime route;
  private final Address address;
  private NetServer server;

  public RouteListener(RouteRuntime route, Address address) {
    this.route = route;
    this.address = address;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer(new NetServerOptions()
        .setAcceptBacklog(ACCEPT_BACKLOG)
        .setReuseAddress(true)
        .setTcpNoDelay(true)
        .setTcpQuickAck(true))
      .connectHandler(route::accept);
    return server.listen(address.toSocketAddress());
  }

  /**
   * Stops accepting at once (the shared listening socket closes when the route's last instance
   * stops); live connections keep flowing while the route drains (see {@link RouteRuntime#drain}),
   * and Vert.x closes what is left a second after the drain deadline. Does not wait for the drain, so
   * every instance of the route stops accepting together.
   */
  @Override
  public Future<?> stop() {
    server.shutdown(route.drainMillis() + 1_000, java.util.concurrent.TimeUnit.MILLISECONDS);
    return Future.succeededFuture();
  }

  /** The port actually bound (differs from the config's when it asked for port 0). */
  public int actualPort() {
    return server.actualPort();
  }
}
