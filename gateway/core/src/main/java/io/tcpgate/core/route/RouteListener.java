package io.tcpgate.core.route;

import io.netty.util.NetUtil;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.relay.SocketControl;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.net.InetSocketAddress;

/**
 * Accepts a route's clients. One listening socket per route: Vert.x's acceptor thread accepts, and
 * each client is relayed on the next event loop, round robin (see {@link SocketControl#listen}).
 */
public final class RouteListener extends VerticleBase {
  /** Pending-connection queue length of the listening socket. */
  public static final int ACCEPT_BACKLOG = 4096;

  private final RouteRuntime route;
  private final Address address;
  /** The route's listener epoch when this listener was made: it relays the clients it takes while the route is in it. */
  private final long epoch;
  private SocketControl.Listening server;
  private volatile Address bound;

  public RouteListener(RouteRuntime route, Address address) {
    this.route = route;
    this.address = address;
    this.epoch = route.listenerEpoch();
  }

  @Override
  public Future<?> start() {
    return SocketControl.listen(vertx, address.toSocketAddress(), ACCEPT_BACKLOG, (ch, context) -> route.accept(ch, context, epoch),
      route::acceptFailed)
      .onSuccess(listening -> {
        server = listening;
        bound = listening.localAddress() instanceof InetSocketAddress local
          ? new Address(NetUtil.toAddressString(local.getAddress()), local.getPort(), null) : address;
      });
  }

  /**
   * The address bound once started: IP and port (a name such as {@code localhost} resolved, port 0 the
   * port it got), as Toxiproxy reports a listen address; a unix socket's path as asked. Null before.
   */
  public Address bound() {
    return bound;
  }

  /**
   * Stops accepting at once. Live connections are left alone: the route's drain ({@link RouteRuntime#drain})
   * or its {@code closeAll} decides when they end.
   */
  @Override
  public Future<?> stop() {
    return server.stopAccepting();
  }
}
