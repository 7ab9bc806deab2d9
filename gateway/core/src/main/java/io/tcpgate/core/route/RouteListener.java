package io.tcpgate.core.route;

import io.netty.channel.Channel;
import io.netty.util.NetUtil;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.relay.SocketControl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
  private Channel server;

  public RouteListener(RouteRuntime route, Address address) {
    this.route = route;
    this.address = address;
  }

  @Override
  public Future<?> start() {
    return SocketControl.listen(vertx, address.toSocketAddress(), ACCEPT_BACKLOG, route::accept, route::acceptFailed)
      .onSuccess(ch -> {
        server = ch;
        if (ch.localAddress() instanceof InetSocketAddress) {
          InetSocketAddress local = (InetSocketAddress) ch.localAddress();
          route.listening(address, new Address(NetUtil.toAddressString(local.getAddress()), local.getPort(), null));
        }
      });
  }

  /**
   * Stops accepting at once. Live connections are left alone: the route's drain ({@link RouteRuntime#drain})
   * or its {@code closeAll} decides when they end.
   */
  @Override
  public Future<?> stop() {
    Promise<Void> closed = Promise.promise();
    server.close().addListener(f -> closed.complete());
    return closed.future();
  }
}
