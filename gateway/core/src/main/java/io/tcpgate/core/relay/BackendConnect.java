package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.tcpgate.core.route.BackendPool;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;

/**
 * The backend connect of one {@link RelayConnection}: the route's members are tried in the pool's order,
 * each for at most the route's connect timeout (ms; 5 s by default), the next one when a connect fails.
 * The first that accepts becomes the backend socket, and gets first what the policies give to write
 * before anything else (a PROXY protocol header), then what the client sent meanwhile (its bytes, then
 * its FIN); one that resets as it accepts is a backend reset. When none accepts,
 * the client gets the connection's connect-failure action (the route's, FIN by default, unless a policy
 * changed it): an orderly close with FIN, or a RST.
 *
 * <p>Lives only while the connection connects (its socket callbacks hold it); the connection keeps no
 * reference to it. Runs on the client's event loop.
 */
final class BackendConnect {
  /** The connection's logger: what the connect logs is the connection's. */
  private static final Logger LOG = RelayConnection.LOG;

  private final RelayConnection connection;
  private final RouteRuntime route;
  /** A Vert.x context on the client's event loop: a member given by name is connected from it. */
  private final Context context;
  /** The members to try, in order. */
  private final List<BackendPool.Member> order;

  private BackendConnect(RelayConnection connection, Context context) {
    this.connection = connection;
    this.route = connection.route;
    this.context = context;
    this.order = route.backends().order();
  }

  /**
   * Connects {@code connection}'s backend: tries the route's members from the first in the pool's order.
   *
   * @param context a Vert.x context on the client's event loop
   */
  static void start(RelayConnection connection, Context context) {
    new BackendConnect(connection, context).connect(0);
  }

  private void connect(int index) {
    Leg client = connection.client;
    if (client.closing || !client.isActive()) {
      Closing.finish(connection, CloseCause.CLIENT_RESET);
      return;
    }
    if (index >= order.size()) {
      route.stats().connectFailed();
      closeClientOnConnectFailure();
      return;
    }
    BackendPool.Member member = order.get(index);
    member.acquire();
    long attemptStart = System.nanoTime();
    InetSocketAddress literal = member.ipLiteral();
    if (literal != null && EpollLegSocket.canConnectFrom(client.socket())) {
      // an IP address on the native transport: a socket on the client's event loop's epoll (no channel)
      EpollLegSocket.connect(client.socket(), literal, route.config().connectTimeoutMillis(), route.config().bufferBytes(),
        (socket, failure) -> {
          if (failure != null) {
            backendUnreachable(index, member, failure);
          } else if (connection.finished || client.closing) {
            member.release();
            abandonBackend(socket);
          } else {
            socket.attach(connection, connection.backend);
            backendConnected(member, attemptStart, socket);
          }
        });
      return;
    }
    if (literal != null) {
      // an IP address: a plain Netty socket on the client's event loop (no Vert.x socket, no resolver)
      LegHandler handler = new LegHandler(connection, connection.backend);
      client.connect(literal, route.config().connectTimeoutMillis(), handler, route.config().bufferBytes())
        .addListener(f -> {
          Channel ch = ((ChannelFuture) f).channel();
          if (!f.isSuccess()) {
            backendUnreachable(index, member, f.cause());
          } else if (connection.finished || client.closing) {
            member.release();
            abandonBackend(ch);
          } else {
            backendConnected(member, attemptStart, new ChannelLegSocket(ch, ch.pipeline().context(handler)));
          }
        });
      return;
    }
    route.connect(member.address(), context).onComplete(ar -> {
      if (ar.failed()) {
        backendUnreachable(index, member, ar.cause());
        return;
      }
      NetSocket socket = ar.result();
      if (connection.finished || client.closing) {
        member.release();
        abandonBackend(SocketControl.channel(socket));
        return;
      }
      Channel ch;
      try {
        ch = SocketControl.takeOver(socket, RelayConnection.HANDLER, new LegHandler(connection, connection.backend),
          route.config().bufferBytes());
      } catch (RuntimeException e) { // the backend closed the socket already
        member.release();
        socket.close();
        connect(index + 1);
        return;
      }
      backendConnected(member, attemptStart, new ChannelLegSocket(ch, ch.pipeline().context(RelayConnection.HANDLER)));
    });
  }

  private void backendUnreachable(int index, BackendPool.Member member, Throwable cause) {
    member.release();
    if (SocketControl.isResetByPeer(cause) && !connection.finished && !connection.client.closing) {
      // it accepted, then reset before the connect was seen complete: a backend reset, not a failed connect
      LOG.debug("route {}: connection {}: backend {} reset as it accepted", route.name(), connection.id, member.address());
      Closing.setCause(connection, CloseCause.BACKEND_RESET);
      if (Closing.endAfterPeerReset(connection, Side.BACKEND, connection.client, RelayConnection.RESET_FLUSH_MILLIS) == CloseAction.FIN) {
        route.stats().resetTranslated();
      }
      return;
    }
    LOG.debug("route {}: connection {}: backend {} unreachable: {}", route.name(), connection.id, member.address(), cause.toString());
    if (route.backends().connectFailed(member)) {
      LOG.warn("route {}: backend {} failed {} connect(s) in a row ({}): tried after the others for {} ms",
        route.name(), member.address(), route.config().maxFails(), cause.getMessage(), route.config().failTimeoutMillis());
    }
    connect(index + 1);
  }

  /**
   * A backend socket connected after the connection ended or began closing: closed at once (reset when the
   * client's reset is relayed as one). It never became the backend leg, so our handler leaves it first:
   * its events are not the connection's.
   */
  private void abandonBackend(Channel ch) {
    if (ch.pipeline().get(LegHandler.class) != null) {
      ch.pipeline().remove(LegHandler.class);
    }
    abandonBackend(new ChannelLegSocket(ch, null));
  }

  /**
   * A socket connected that never became the backend leg (the connection ended or began closing):
   * closed at once, reset when the client's reset is relayed as one.
   */
  private void abandonBackend(LegSocket socket) {
    if (connection.cause == CloseCause.CLIENT_RESET && connection.clientResetBecomes == CloseAction.RST) {
      socket.reset();
    } else {
      socket.close();
    }
  }

  private void backendConnected(BackendPool.Member member, long attemptStart, LegSocket socket) {
    Leg client = connection.client;
    Leg backend = connection.backend;
    backend.attached(socket);
    connection.backendMember = member;
    connection.backendAddress = member.address();
    route.backends().connectSucceeded(member);
    route.stats().connected(System.nanoTime() - attemptStart);
    if (backend.eventLoop() != client.eventLoop()) {
      LOG.warn("route {}: connection {}: backend socket on another event loop", route.name(), connection.id);
    }
    connection.chain.onBackendConnected();
    writePreamble();
    replayEarly();
    if (!client.closing && !connection.finished) {
      client.resumeReading();
      backend.resumeReading();
    }
  }

  /**
   * Writes what the policies give to send the backend first (a PROXY protocol header), before any byte
   * of the client; flushed with the early bytes. Written as it is, past the data-touching policies, and
   * not counted as relayed.
   */
  private void writePreamble() {
    Leg backend = connection.backend;
    if (connection.finished || backend.outputEnded) {
      return;
    }
    Buffer preamble = connection.chain.backendPreamble();
    if (preamble != null && !connection.finished && !backend.outputEnded) {
      connection.write(backend, Unpooled.wrappedBuffer(preamble.getBytes())); // its own copy: the policy may keep its buffer
    }
  }

  /** Relays what the client sent before the backend connected: its bytes, then its FIN. */
  private void replayEarly() {
    Leg client = connection.client;
    Leg backend = connection.backend;
    ByteBuf buf;
    while ((buf = client.pollEarly()) != null) {
      if (connection.finished || backend.outputEnded) {
        buf.release();
        continue;
      }
      connection.relay(client, backend, buf);
    }
    if (backend.needsFlush) {
      backend.needsFlush = false;
      backend.flush();
    }
    if (client.finReceived && !connection.finished) {
      connection.chain.onFin(Direction.UPSTREAM);
    }
  }

  private void closeClientOnConnectFailure() {
    Leg client = connection.client;
    Closing.setCause(connection, CloseCause.CONNECT_FAILED);
    client.outputEnded = true;
    if (connection.connectFailureAction == CloseAction.RST) {
      Closing.resetNow(connection, client);
    } else {
      Closing.finAndDrain(connection, client);
    }
  }
}
