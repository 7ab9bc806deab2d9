package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.tcpgate.spi.SocketOptions;
import java.net.SocketAddress;

/**
 * A socket that is a Netty channel: an accepted client, a backend reached by name through Vert.x, any
 * socket on the NIO transport or a unix-domain one. Its events come through {@link LegHandler} in its
 * pipeline; writes go through our handler's context, past Vert.x's.
 */
final class ChannelLegSocket implements LegSocket {
  final Channel channel;
  /** Context of our handler in the pipeline; null until it is in place (writes need it). */
  private ChannelHandlerContext ctx;

  ChannelLegSocket(Channel channel, ChannelHandlerContext ctx) {
    this.channel = channel;
    this.ctx = ctx;
  }

  /** Makes the accepted socket a relay socket with {@code handler}; on its event loop, before any read. */
  void adopt(LegHandler handler, int bufferBytes) {
    SocketControl.adopt(channel, RelayConnection.HANDLER, handler, bufferBytes);
    ctx = channel.pipeline().context(RelayConnection.HANDLER);
  }

  @Override
  public EventLoop eventLoop() {
    return channel.eventLoop();
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public boolean isActive() {
    return channel.isActive();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void write(ByteBuf buf) {
    if (ctx != null) {
      ctx.write(buf, ctx.voidPromise());
    } else {
      channel.write(buf, channel.voidPromise());
    }
  }

  @Override
  public void flush() {
    if (ctx != null) {
      ctx.flush();
    } else {
      channel.flush();
    }
  }

  @Override
  public void flushThen(Runnable then) {
    (ctx != null ? ctx.writeAndFlush(Unpooled.EMPTY_BUFFER) : channel.writeAndFlush(Unpooled.EMPTY_BUFFER))
      .addListener((ChannelFutureListener) f -> then.run());
  }

  @Override
  public long queuedBytes() {
    return SocketControl.queuedBytes(channel);
  }

  @Override
  public long millisSinceDataSent() {
    return SocketControl.millisSinceDataSent(channel);
  }

  @Override
  public void shutdownOutput() {
    SocketControl.shutdownOutput(channel);
  }

  @Override
  public void reset() {
    SocketControl.reset(channel);
  }

  @Override
  public void close() {
    channel.close();
  }

  @Override
  public void resumeReading() {
    if (channel.isOpen()) {
      channel.config().setAutoRead(true);
    }
  }

  @Override
  public void pauseReading() {
    channel.config().setAutoRead(false);
  }

  @Override
  public boolean isReadingPaused() {
    return !channel.config().isAutoRead();
  }

  @Override
  public SocketAddress remoteAddress() {
    return channel.remoteAddress();
  }

  @Override
  public SocketAddress localAddress() {
    return channel.localAddress();
  }

  @Override
  public SocketOptions options() {
    return SocketControl.options(channel);
  }
}
