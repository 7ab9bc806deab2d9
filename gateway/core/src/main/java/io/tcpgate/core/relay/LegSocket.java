package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoop;
import io.tcpgate.spi.SocketOptions;
import java.net.SocketAddress;

/**
 * What the relay does with one socket of a connection, whatever carries it: a Netty channel
 * ({@link ChannelLegSocket}) or a socket on the event loop's epoll directly ({@link EpollLegSocket}).
 * Its events reach the {@link RelayConnection} in the order the socket produced them: bytes, read
 * complete, FIN, error, writability, inactive. Used on its event loop only, except {@link #isReadingPaused}.
 * Outside the relay it is only passed on: an accepted client, from {@link SocketControl#listen} to a
 * {@link RelayConnection}.
 */
public interface LegSocket {
  /** The event loop the socket is registered on, where its connection runs. */
  EventLoop eventLoop();

  boolean isOpen();

  /** Open and connected. */
  boolean isActive();

  /** Whether the bytes queued for the socket are under its high-water mark. */
  boolean isWritable();

  /** Queues {@code buf} for the socket (sent at the next {@link #flush}); the write releases it. */
  void write(ByteBuf buf);

  void flush();

  /** Flushes, and runs {@code then} once every byte written so far has reached the socket (or failed to). */
  void flushThen(Runnable then);

  /** Bytes queued and not yet handed to the kernel, plus {@link SocketControl#QUEUE_ENTRY_OVERHEAD} per buffer. */
  long queuedBytes();

  /** Ms since the kernel last sent data on the socket, or -1 when unknown. */
  long millisSinceDataSent();

  /** Sends our FIN (call once what is queued was flushed); the input stays open. */
  void shutdownOutput();

  /** Resets the socket (what is flushed goes first, SO_LINGER 0, close): its peer gets a RST. */
  void reset();

  void close();

  /** Reads again (the socket starts paused); a no-op once its input ended or it closed. */
  void resumeReading();

  /** Stops reading after the read in progress; unread bytes and the FIN wait in the kernel. */
  void pauseReading();

  /** Whether reading is paused; read from any thread. */
  boolean isReadingPaused();

  SocketAddress remoteAddress();

  SocketAddress localAddress();

  /** The socket's options, for policies. */
  SocketOptions options();
}
