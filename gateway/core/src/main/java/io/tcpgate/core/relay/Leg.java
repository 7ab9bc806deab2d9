package io.tcpgate.core.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.tcpgate.spi.Side;

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
  /** An I/O error showed the peer reset this socket; acted on once earlier bytes are read. */
  boolean resetSeen;
  /** The peer of this socket reset it. */
  boolean wasReset;
  /** We closed or reset the socket ourselves. */
  boolean closing;
  /** Bytes read from this socket, discarded ones included. */
  long bytesRead;
  /** Bytes written to this socket (accepted for writing). */
  long bytesWritten;
  /** Largest number of bytes ever queued for writing to this socket. */
  long maxQueued;
  /** Bytes read while draining (discarded after our FIN because the other side was gone). */
  boolean draining;
  /** Inside a read batch of this socket (between the first read and read-complete). */
  boolean reading;
  /** Whether a write was made since the last flush. */
  boolean needsFlush;

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

  void noteQueued() {
    long q = SocketControl.queuedBytes(channel);
    if (q > maxQueued) {
      maxQueued = q;
    }
  }
}
