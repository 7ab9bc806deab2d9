package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.tcpgate.spi.Side;
import java.util.ArrayDeque;

/** One socket of a relayed connection and what has happened to it. Used on the connection's event loop only. */
final class Leg {
  final Side side;
  Channel channel;
  /** Context of our handler in the channel's pipeline: writes from here skip Vert.x's handler. */
  ChannelHandlerContext ctx;
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

  boolean isOpen() {
    return channel != null && channel.isOpen();
  }

  /** Reads from this socket again, unless nothing more can be read. */
  void resumeReading() {
    if (channel != null && !inputEnded && channel.isOpen()) {
      channel.config().setAutoRead(true);
    }
  }

  void pauseReading() {
    if (channel != null) {
      channel.config().setAutoRead(false);
    }
  }

  boolean isReadingPaused() {
    return channel != null && !channel.config().isAutoRead();
  }

  void noteQueued() {
    long q = SocketControl.queuedBytes(channel);
    if (q > maxQueued) {
      maxQueued = q;
    }
  }
}
