package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.ScheduledFuture;
import io.tcpgate.spi.SocketOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A TCP socket registered with the event loop's epoll directly, without a Netty channel: no pipeline,
 * promise or channel configuration per connection, registered once (edge-triggered, for input and
 * output), and no system call a relay does not need (no {@code getpeername} after the connect, no
 * {@code SO_LINGER} read before the close, no {@code SHUT_RD} on the peer's FIN, no interest-set changes
 * while it lives). On the native transport the relay's TCP clients ({@link EpollListener}) and its
 * backends at an IP address are these.
 *
 * <p>It behaves as {@link SocketControl} makes a channel behave, event for event: reading starts paused
 * and a pause binds (the unread bytes and the FIN wait in the kernel), except on a socket shut in both
 * directions, which is read to its end; at most {@code bufferBytes} are held for writing before the
 * socket turns unwritable; an I/O error on a read is reported, then the input's end; a failed write drops
 * what was queued and is reported; the close is reported as inactive from a later task.
 */
final class EpollLegSocket implements LegSocket, EpollIoHandle {
  private static final int IPPROTO_TCP = EpollSocketOptions.IPPROTO_TCP;
  private static final int TCP_INFO = 11;
  /** Offset of {@code tcpi_last_data_sent} (ms, u32) in {@code struct tcp_info}. */
  private static final int TCP_INFO_LAST_DATA_SENT = 44;
  private static final int TCP_INFO_BYTES = 104;

  private static final int EPOLLIN = 0x001;
  private static final int EPOLLOUT = 0x004;
  private static final int EPOLLERR = 0x008;
  private static final int EPOLLHUP = 0x010;
  private static final int EPOLLRDHUP = 0x2000;
  private static final EpollIoOps INTEREST =
    EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT).with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);
  /** Reads per event before the rest waits for a task of its own, so one busy socket cannot hold the loop. */
  private static final int MAX_READS_PER_TURN = 16;
  private static final int MIN_READ_BYTES = 512;

  private final Socket socket;
  private final IoEventLoop loop;
  private final ByteBufAllocator alloc;
  private final InetSocketAddress remote;
  private int maxRead;
  private int highWater;
  private int lowWater;
  private IoRegistration registration;
  /** Where the socket's events go once it relays; null before ({@link #attach}). */
  private RelayConnection connection;
  private Leg leg;
  private BiConsumer<EpollLegSocket, Throwable> onConnect;
  private ScheduledFuture<?> connectTimeout;

  private boolean open = true;
  private boolean connected;
  private volatile boolean paused = true;
  /** Input may be waiting: an input event came and no read has found the kernel's queue empty since. */
  private boolean readReady;
  /** The peer's FIN or an error was signalled: read until the end, not only until a short read. */
  private boolean peerClosed;
  /** Shut in both directions or reset: read even while paused (epoll would report it at every turn). */
  private boolean hungUp;
  private boolean inputShut;
  private boolean outputShut;
  private boolean writable = true;
  /** A write found the kernel's buffer full: the next write waits for the output event. */
  private boolean writeBlocked;
  private int readGuess;
  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>(4);
  /** Bytes queued and not yet sent, plus {@link SocketControl#QUEUE_ENTRY_OVERHEAD} per buffer. */
  private long queued;
  private long bytesQueuedTotal;
  private long bytesSentTotal;
  /** flushThen callbacks with the total queued when each was asked. */
  private ArrayDeque<FlushWaiter> waiters;
  private SocketAddress localAddress;

  private record FlushWaiter(long upTo, Runnable then) {
  }

  private EpollLegSocket(Socket socket, IoEventLoop loop, ByteBufAllocator alloc, InetSocketAddress remote, int bufferBytes) {
    this.socket = socket;
    this.loop = loop;
    this.alloc = alloc;
    this.remote = remote;
    bufferBytes(bufferBytes);
  }

  /** Sizes reads and the write queue's water marks for a buffer of {@code bufferBytes} (as a channel's). */
  private void bufferBytes(int bufferBytes) {
    this.maxRead = SocketControl.maxReadBytes(bufferBytes);
    this.highWater = SocketControl.highWaterMark(bufferBytes);
    this.lowWater = highWater / 2;
    this.readGuess = Math.min(16 * 1024, maxRead);
  }

  /** Whether a socket of this kind can be connected from {@code near}'s event loop (native epoll). */
  static boolean canConnectFrom(LegSocket near) {
    return near instanceof EpollLegSocket
      || near instanceof ChannelLegSocket c
      && (c.channel instanceof EpollSocketChannel || c.channel instanceof EpollDomainSocketChannel)
      && canRegisterWith(c.channel.eventLoop());
  }

  /** Whether {@code loop} can register sockets of this kind (its transport is native epoll). */
  static boolean canRegisterWith(EventLoop loop) {
    return loop instanceof IoEventLoop l && l.isCompatible(EpollLegSocket.class);
  }

  /**
   * An accepted client on {@code loop}: registered there, reading paused, then handed to {@code then}
   * (on that loop). Closed instead when it cannot be registered (the loop is shutting down).
   */
  static void accepted(Socket client, IoEventLoop loop, ByteBufAllocator alloc, InetSocketAddress remote, Consumer<EpollLegSocket> then) {
    EpollLegSocket socket = new EpollLegSocket(client, loop, alloc, remote, SocketControl.MAX_READ_BYTES * 4);
    socket.connected = true;
    whenRegistered(loop.register(socket), f -> {
      if (!f.isSuccess()) {
        socket.closeQuietly();
        return;
      }
      socket.registration = f.getNow();
      socket.registration.submit(INTEREST);
      then.accept(socket);
    });
  }

  /**
   * Runs {@code then} with the registration: at once when it is done (always, on the socket's own event
   * loop), so the JIT compiles the accept and connect paths into their callers, not again into each of
   * Netty's promise-notification methods (bench/README.md, "Sockets on epoll directly").
   */
  private static void whenRegistered(io.netty.util.concurrent.Future<IoRegistration> registered,
                                     Consumer<io.netty.util.concurrent.Future<IoRegistration>> then) {
    if (registered.isDone()) {
      then.accept(registered);
    } else {
      registered.addListener(f -> then.accept(registered));
    }
  }

  /**
   * Connects a new socket to {@code remote} on {@code near}'s event loop, with TCP_NODELAY and
   * TCP_QUICKACK on, reading paused. {@code then} gets the connected socket, or the failure (refused,
   * reset, timed out after {@code timeoutMillis}, no socket to be had), on that event loop.
   */
  static void connect(LegSocket near, InetSocketAddress remote, long timeoutMillis, int bufferBytes,
                      BiConsumer<EpollLegSocket, Throwable> then) {
    IoEventLoop loop = (IoEventLoop) near.eventLoop();
    ByteBufAllocator alloc = near instanceof EpollLegSocket e ? e.alloc : ((ChannelLegSocket) near).channel.config().getAllocator();
    LinuxSocket s;
    try {
      s = LinuxSocket.newSocketStream(remote.getAddress() instanceof Inet6Address);
    } catch (ChannelException e) {
      then.accept(null, e); // no socket could be made (e.g. out of file descriptors)
      return;
    }
    EpollLegSocket socket = new EpollLegSocket(s, loop, alloc, remote, bufferBytes);
    socket.onConnect = then;
    try {
      s.setTcpNoDelay(true);
      EpollSocketOptions.quickAck(s);
    } catch (IOException e) {
      socket.failConnect(e);
      return;
    }
    whenRegistered(loop.register(socket), f -> {
      if (!f.isSuccess()) {
        socket.failConnect(f.cause());
        return;
      }
      socket.registration = f.getNow();
      socket.startConnect(timeoutMillis);
    });
  }

  private void startConnect(long timeoutMillis) {
    boolean connectedAtOnce;
    try {
      registration.submit(INTEREST);
      connectedAtOnce = socket.connect(remote);
    } catch (IOException | RuntimeException e) {
      failConnect(e);
      return;
    }
    if (connectedAtOnce) {
      connectDone();
      return;
    }
    if (timeoutMillis > 0) {
      connectTimeout = loop.schedule(() -> failConnect(new ConnectTimeoutException("connection timed out after "
        + timeoutMillis + " ms: " + remote)), timeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void connectDone() {
    connected = true;
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
    }
    BiConsumer<EpollLegSocket, Throwable> then = onConnect;
    onConnect = null;
    then.accept(this, null);
  }

  private void failConnect(Throwable cause) {
    if (!open || connected) {
      return;
    }
    closeQuietly();
    BiConsumer<EpollLegSocket, Throwable> then = onConnect;
    onConnect = null;
    if (then != null) {
      then.accept(null, cause instanceof ConnectException e && !(cause instanceof ConnectTimeoutException) ? annotated(e) : cause);
    }
  }

  /** As Netty's channels report a failed connect: the errno's text and the address. */
  private ConnectException annotated(ConnectException e) {
    ConnectException a = new ConnectException(e.getMessage() + ": " + remote);
    a.initCause(e);
    return a;
  }

  /** This socket's events go to {@code leg} of {@code connection} from now on. */
  void attach(RelayConnection relay, Leg target) {
    this.connection = relay;
    this.leg = target;
  }

  /** Makes an accepted socket relay for {@code target} with a buffer of {@code bufferBytes}; before any read. */
  void adopt(RelayConnection relay, Leg target, int bufferBytes) {
    bufferBytes(bufferBytes);
    attach(relay, target);
  }

  // ---- events from epoll

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void handle(IoRegistration r, IoEvent event) {
    if (!open) {
      return;
    }
    int ops = ((EpollIoEvent) event).ops().value();
    if (!connected) {
      if ((ops & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) {
        return;
      }
      try {
        if (!socket.finishConnect()) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        failConnect(e);
        return;
      }
      connectDone();
      if (!open) {
        return;
      }
    }
    if ((ops & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
      peerClosed = true;
    }
    if ((ops & (EPOLLHUP | EPOLLERR)) != 0) {
      hungUp = true;
    }
    if ((ops & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
      writeBlocked = false;
      if (!queue.isEmpty()) {
        writeQueued();
      }
    }
    if (open && (ops & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) != 0) {
      readReady = true;
      read();
    }
  }

  /** Reads while input may wait and reading is not paused, handing each read to the relay. */
  private void read() {
    if (!readReady || inputShut || !open || !connected || leg == null || (paused && !hungUp)) {
      return;
    }
    int reads = 0;
    ByteBuf buf = null;
    try {
      while (open && !inputShut && !(paused && !hungUp)) {
        if (reads == MAX_READS_PER_TURN) {
          later(this::read);
          break;
        }
        buf = alloc.directBuffer(readGuess);
        int capacity = buf.capacity();
        int n = buf.hasMemoryAddress()
          ? socket.recvAddress(buf.memoryAddress(), 0, capacity)
          : socket.recv(buf.internalNioBuffer(0, capacity), 0, capacity);
        if (n > 0) {
          buf.writerIndex(n);
          reads++;
          adaptReadGuess(n, capacity);
          ByteBuf chunk = buf;
          buf = null;
          connection.onRead(leg, chunk);
          if (n < capacity && !peerClosed) {
            readReady = false; // a short read emptied the kernel's queue; more comes with the next event
            break;
          }
        } else {
          buf.release();
          buf = null;
          readReady = false;
          if (n < 0) {
            inputShut = true;
            connection.onReadComplete(leg);
            connection.onFin(leg);
            return;
          }
          break; // nothing more for now
        }
      }
    } catch (IOException e) {
      readFailed(buf, e);
      return;
    } catch (NotYetConnectedException e) {
      readFailed(buf, new IOException("recv: not connected (reset)", e));
      return;
    }
    connection.onReadComplete(leg);
  }

  /** A read failed (the peer reset the socket): reported, then the input's end, as a channel reports it. */
  private void readFailed(ByteBuf buf, IOException e) {
    if (buf != null) {
      buf.release();
    }
    readReady = false;
    connection.onReadComplete(leg);
    connection.onError(leg, e);
    if (open && !inputShut) {
      inputShut = true;
      connection.onFin(leg);
    }
  }

  private void adaptReadGuess(int n, int capacity) {
    if (n == capacity && readGuess < maxRead) {
      readGuess = Math.min(maxRead, readGuess * 2);
    } else if (n < capacity / 4 && readGuess > MIN_READ_BYTES) {
      readGuess = Math.max(MIN_READ_BYTES, readGuess / 2);
    }
  }

  // ---- LegSocket

  @Override
  public EventLoop eventLoop() {
    return loop;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  @Override
  public boolean isActive() {
    return open && connected;
  }

  @Override
  public boolean isWritable() {
    return writable;
  }

  @Override
  public void write(ByteBuf buf) {
    if (!open || outputShut) {
      buf.release();
      return;
    }
    int n = buf.readableBytes();
    ByteBuf b = buf;
    if (!buf.hasMemoryAddress() || buf.nioBufferCount() != 1) {
      b = alloc.directBuffer(n);
      b.writeBytes(buf);
      buf.release();
    }
    queue.add(b);
    queued += n + SocketControl.QUEUE_ENTRY_OVERHEAD;
    bytesQueuedTotal += n;
    if (writable && queued > highWater) {
      writable = false;
      if (leg != null) {
        connection.onWritabilityChanged(leg);
      }
    }
  }

  @Override
  public void flush() {
    if (open && connected && !writeBlocked && !queue.isEmpty()) {
      writeQueued();
    }
  }

  /** Sends what is queued until the kernel takes no more; what is left goes with the next output event. */
  private void writeQueued() {
    try {
      ByteBuf b;
      while ((b = queue.peek()) != null) {
        int readable = b.readableBytes();
        if (readable > 0) {
          int n = socket.sendAddress(b.memoryAddress(), b.readerIndex(), b.writerIndex());
          if (n > 0) {
            b.skipBytes(n);
            queued -= n;
            bytesSentTotal += n;
          }
          if (n < readable) {
            writeBlocked = true;
            break;
          }
        }
        queue.poll();
        b.release();
        queued -= SocketControl.QUEUE_ENTRY_OVERHEAD;
      }
    } catch (IOException e) {
      writeFailed(e);
      return;
    } catch (NotYetConnectedException e) {
      writeFailed(new IOException("send: not connected (reset)", e));
      return;
    }
    afterSent();
  }

  /** The peer reset (or closed) the socket: what is queued cannot be sent; its bytes may still be read. */
  private void writeFailed(IOException e) {
    outputShut = true;
    dropQueued();
    afterSent();
    if (leg != null) {
      connection.onError(leg, e);
    }
  }

  private void afterSent() {
    if (waiters != null) {
      FlushWaiter w;
      while ((w = waiters.peek()) != null && (w.upTo <= bytesSentTotal || queue.isEmpty())) {
        waiters.poll();
        w.then.run();
      }
    }
    if (!writable && queued < lowWater) {
      writable = true;
      if (leg != null) {
        connection.onWritabilityChanged(leg);
      }
    }
  }

  private void dropQueued() {
    ByteBuf b;
    while ((b = queue.poll()) != null) {
      b.release();
    }
    queued = 0;
  }

  @Override
  public void flushThen(Runnable then) {
    flush();
    if (queue.isEmpty() || !open) {
      then.run();
      return;
    }
    if (waiters == null) {
      waiters = new ArrayDeque<>(2);
    }
    waiters.add(new FlushWaiter(bytesQueuedTotal, then));
  }

  @Override
  public long queuedBytes() {
    return queued;
  }

  @Override
  public long millisSinceDataSent() {
    if (!isActive()) {
      return -1;
    }
    ByteBuffer info = ByteBuffer.allocateDirect(TCP_INFO_BYTES).order(ByteOrder.nativeOrder());
    try {
      socket.getRawOpt(IPPROTO_TCP, TCP_INFO, info);
    } catch (IOException e) {
      return -1;
    }
    return info.getInt(TCP_INFO_LAST_DATA_SENT) & 0xffffffffL;
  }

  @Override
  public void shutdownOutput() {
    if (!isActive()) {
      close();
      return;
    }
    if (!outputShut) {
      outputShut = true;
      IOException reset = null;
      try {
        socket.shutdown(false, true);
      } catch (IOException e) {
        reset = e;
      } catch (NotYetConnectedException e) {
        reset = new IOException("shutdown: not connected (reset by peer)", e);
      }
      dropQueued();
      afterSent();
      if (reset != null && leg != null) {
        // The peer reset the socket after its FIN was read, with nothing written since: only this shows it
        // (a read after the FIN says EOF again), so the connection ends as reset, not as completed.
        connection.onError(leg, reset);
        return;
      }
    }
    if (paused && peerClosed) {
      hungUp = true; // their FIN and ours: shut both ways, read to the end
      readReady = true;
      read();
    }
  }

  @Override
  public void reset() {
    if (!open) {
      return;
    }
    flush();
    try {
      socket.setSoLinger(0);
    } catch (IOException ignored) {
      // the socket is already gone; closing is all that is left
    }
    close();
  }

  @Override
  public void close() {
    if (!open) {
      return;
    }
    if (onConnect != null) {
      failConnect(new ClosedChannelException()); // closed while connecting (the event loop shuts down)
      return;
    }
    closeQuietly();
    if (leg != null) {
      Leg target = leg;
      later(() -> connection.onInactive(target));
    }
  }

  /** Runs {@code task} on the event loop after what is queued there; not at all once the loop shuts down. */
  private void later(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // the gateway stops: its event loops close every socket
    }
  }

  /** Closes the socket (its epoll registration goes with it) and drops what is queued; no event. */
  private void closeQuietly() {
    open = false;
    if (connectTimeout != null) {
      connectTimeout.cancel(false);
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing more to do with it
    }
    if (registration != null) {
      registration.cancel(); // no epoll_ctl: closing the descriptor removed it from the set
    }
    dropQueued();
    if (waiters != null) {
      FlushWaiter w;
      while ((w = waiters.poll()) != null) {
        w.then.run();
      }
    }
  }

  @Override
  public void resumeReading() {
    if (!paused) {
      return;
    }
    paused = false;
    if (readReady && open && !inputShut) {
      later(this::read);
    }
  }

  @Override
  public void pauseReading() {
    paused = true;
  }

  @Override
  public boolean isReadingPaused() {
    return paused;
  }

  @Override
  public SocketAddress remoteAddress() {
    return remote;
  }

  @Override
  public SocketAddress localAddress() {
    if (localAddress == null && open) {
      localAddress = socket.localAddress();
    }
    return localAddress;
  }

  @Override
  public SocketOptions options() {
    return new EpollSocketOptions(socket);
  }
}
