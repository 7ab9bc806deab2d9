package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.tcpgate.spi.Side;
import io.tcpgate.spi.SocketOptions;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One socket of a relayed connection and what has happened to it. The relay reaches its socket only
 * through the methods here (write, flush, FIN, reset, close, pausing reads, timers on its event loop);
 * its events come back through {@link LegHandler}. Used on the connection's event loop only.
 */
final class Leg {
  final Side side;
  /** The socket; null until it exists (the backend's, until its connect succeeded). */
  private LegSocket socket;
  /** The socket reports its events to this leg, and may be written. */
  private boolean relaying;
  Leg peer;

  /** A FIN was received (or the socket was reset): nothing more will be read from it. */
  boolean inputEnded;
  /** A FIN was received (as opposed to a reset). */
  boolean finReceived;
  /** Our FIN or RST toward this socket has been decided: nothing more will be written to it. */
  boolean outputEnded;
  /** Our FIN has been sent on this socket (after every byte written before it). */
  boolean finSent;
  /** We reset this socket (SO_LINGER 0). */
  boolean resetSent;
  /** An I/O error showed the peer reset this socket; acted on once earlier bytes are read. */
  boolean resetSeen;
  /** The peer of this socket reset it. */
  boolean wasReset;
  /** We closed or reset the socket ourselves. */
  boolean closing;
  /** Bytes read from this socket, discarded ones included. */
  long bytesRead;
  /** Part of {@link #bytesRead} already added to the route's counters. */
  long bytesReported;
  /** Bytes written to this socket (accepted for writing). */
  long bytesWritten;
  /** Largest number of bytes ever queued for writing to this socket. */
  volatile long maxQueued;
  /**
   * Bytes read from this socket while its reading was paused: none, since SocketControl makes a pause
   * binding on every transport (native epoll would otherwise read what the kernel holds once the peer's
   * FIN arrives). Counted as a check, in the unit of the queue the bytes land in.
   */
  volatile long overflowBytes;
  /** Closing in order (flush, our FIN, then until the peer's FIN): what is read from it is discarded. */
  boolean draining;
  /** Inside a read batch of this socket (between the first read and read-complete). */
  boolean reading;
  /** Whether a write was made since the last flush. */
  boolean needsFlush;

  /** Bytes read before the other socket existed (the client's, while the backend connects); null until then. */
  ArrayDeque<ByteBuf> early;

  /** Holds bytes read before the other socket existed. */
  void holdEarly(ByteBuf buf) {
    if (early == null) {
      early = new ArrayDeque<>(2);
    }
    early.add(buf);
  }

  /** The next held early chunk, or null. */
  ByteBuf pollEarly() {
    return early == null ? null : early.poll();
  }

  Leg(Side side) {
    this.side = side;
  }

  /** Makes the accepted socket this leg's, before it relays ({@link #adopt} follows). */
  void socket(LegSocket accepted) {
    socket = accepted;
  }

  /** Makes the accepted socket relay for this leg of {@code connection}; on its event loop, before any read. */
  void adopt(RelayConnection connection, int bufferBytes) {
    if (socket instanceof EpollLegSocket s) {
      s.adopt(connection, this, bufferBytes);
    } else {
      ((ChannelLegSocket) socket).adopt(new LegHandler(connection, this), bufferBytes);
    }
    relaying = true;
  }

  /** {@code s} is this leg's socket, connected and reporting its events to this leg: it relays from now on. */
  void attached(LegSocket s) {
    socket = s;
    relaying = true;
  }

  /** This leg's socket, or null before it exists. */
  LegSocket socket() {
    return socket;
  }

  /**
   * Connects a new channel to {@code remote} on this (channel) leg's event loop and transport ({@link
   * SocketControl#connect}), with {@code handler} as its only handler; it becomes a leg's socket only
   * through {@link #attached}.
   */
  ChannelFuture connect(InetSocketAddress remote, long timeoutMillis, ChannelHandler handler, int bufferBytes) {
    return SocketControl.connect(((ChannelLegSocket) socket).channel, remote, timeoutMillis, handler, bufferBytes);
  }

  /** Whether the socket exists (the backend's: its connect succeeded). */
  boolean hasSocket() {
    return socket != null;
  }

  /** Whether the socket relays: it exists and reports to this leg (the backend's: it connected). */
  boolean isRelaying() {
    return relaying;
  }

  boolean isOpen() {
    return socket != null && socket.isOpen();
  }

  /** Whether the socket is open and connected. */
  boolean isActive() {
    return socket.isActive();
  }

  /** Whether the bytes queued for the socket are under its high-water mark (true before it exists). */
  boolean isWritable() {
    return socket == null || socket.isWritable();
  }

  /** The socket's event loop, where the connection runs. */
  EventLoop eventLoop() {
    return socket.eventLoop();
  }

  /** Runs {@code task} on the socket's event loop after {@code delayMillis}. */
  ScheduledFuture<?> schedule(Runnable task, long delayMillis) {
    return socket.eventLoop().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
  }

  /** Queues {@code buf} for the socket (sent at the next flush); the write releases it. */
  void write(ByteBuf buf) {
    socket.write(buf);
  }

  void flush() {
    socket.flush();
  }

  /** Flushes, and runs {@code then} once every byte written so far has reached the socket (or failed to). */
  void flushThen(Runnable then) {
    socket.flushThen(then);
  }

  /** Bytes written to the socket and not yet handed to the kernel. */
  long queuedBytes() {
    return socket.queuedBytes();
  }

  /** Ms since the kernel last sent data on the socket, or -1 when unknown. */
  long millisSinceDataSent() {
    return socket.millisSinceDataSent();
  }

  /** Sends our FIN after what is queued. */
  void shutdownOutput() {
    socket.shutdownOutput();
  }

  /** Resets the socket (SO_LINGER 0, close): what is queued for it is dropped. */
  void reset() {
    socket.reset();
  }

  void close() {
    socket.close();
  }

  SocketAddress remoteAddress() {
    return socket.remoteAddress();
  }

  SocketAddress localAddress() {
    return socket.localAddress();
  }

  /** The socket's options, for policies. */
  SocketOptions options() {
    return socket.options();
  }

  /** Reads from this socket again, unless nothing more can be read. */
  void resumeReading() {
    if (socket != null && !inputEnded) {
      socket.resumeReading();
    }
  }

  void pauseReading() {
    if (socket != null) {
      socket.pauseReading();
    }
  }

  boolean isReadingPaused() {
    LegSocket s = socket;
    return s != null && s.isReadingPaused();
  }

  void noteQueued() {
    long q = socket.queuedBytes();
    if (q > maxQueued) {
      maxQueued = q;
    }
  }
}
