package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty handler on one socket of a relayed connection: hands bytes, FIN, errors and writability to the
 * {@link RelayConnection}, in the order the socket produced them. Only the close goes on to Vert.x.
 */
final class LegHandler extends ChannelInboundHandlerAdapter {
  private final RelayConnection connection;
  private final Leg leg;

  LegHandler(RelayConnection connection, Leg leg) {
    this.connection = connection;
    this.leg = leg;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf) {
      connection.onRead(leg, (ByteBuf) msg);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    connection.onReadComplete(leg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      connection.onFin(leg);
    } else if (evt instanceof ChannelInputShutdownReadComplete || SocketControl.isShutdownEvent(evt)) {
      // A server or client shutting down: the route's drain decides when this connection ends.
      return;
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    connection.onWritabilityChanged(leg);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (SocketControl.isReadPaused(cause)) {
      return; // a read refused while paused: the bytes wait in the kernel
    }
    connection.onError(leg, cause);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    connection.onInactive(leg);
    ctx.fireChannelInactive();
  }
}
