package io.tcpgate.core.builtin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelInputShutdownReadComplete;
import io.netty.util.ReferenceCountUtil;
import io.tcpgate.core.config.BuiltinBackend;
import io.tcpgate.core.relay.SocketControl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A demo backend inside the gateway: {@code echo} sends every byte back and answers a FIN with a FIN
 * once everything is echoed; {@code discard} reads and drops, and answers a FIN with a FIN.
 */
public final class BuiltinServer {
  private static final int BUFFER_BYTES = 256 * 1024;
  private final BuiltinBackend spec;
  private NetServer server;

  public BuiltinServer(BuiltinBackend spec) {
    this.spec = spec;
  }

  public Future<BuiltinServer> start(Vertx vertx) {
    server = vertx.createNetServer().connectHandler(this::accept);
    return server.listen(spec.listen().toSocketAddress()).map(s -> this);
  }

  public int actualPort() {
    return server.actualPort();
  }

  public BuiltinBackend spec() {
    return spec;
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void accept(NetSocket socket) {
    Channel ch = SocketControl.takeOver(socket, "tcpgate-builtin", new Handler("echo".equals(spec.type())), BUFFER_BYTES);
    ch.config().setAutoRead(true);
  }

  private static final class Handler extends ChannelInboundHandlerAdapter {
    private final boolean echo;

    Handler(boolean echo) {
      this.echo = echo;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (echo && msg instanceof ByteBuf) {
        ctx.write(msg, ctx.voidPromise());
        if (!ctx.channel().isWritable()) {
          ctx.channel().config().setAutoRead(false);
        }
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        ctx.channel().config().setAutoRead(true);
      }
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> ctx.channel().close());
      } else if (!(evt instanceof ChannelInputShutdownReadComplete)) {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (SocketControl.isReadPaused(cause)) {
        return; // a read refused while paused: the bytes (and a FIN) wait in the kernel until reading resumes
      }
      ctx.channel().close();
    }
  }
}
