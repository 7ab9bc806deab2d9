package io.tcpgate.core.relay;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MaxMessagesRecvByteBufAllocator;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.Errors;
import io.netty.util.UncheckedBooleanSupplier;
import io.netty.util.concurrent.EventExecutor;
import io.tcpgate.spi.SocketOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.ShutdownEvent;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Every socket mechanic tcpgate needs that Vert.x's public API lacks: the Netty channel behind a
 * {@link NetSocket}, half-close, reset, and per-socket options. This is the only class that touches
 * Vert.x internals ({@code NetSocketInternal}, {@code BufferInternal}); a Vert.x upgrade breaks here
 * and in {@code SocketControlTest}, nowhere else.
 */
public final class SocketControl {
  /** Name of Vert.x's last pipeline handler; ours go right before it. */
  private static final String VERTX_HANDLER = "handler";
  /** Largest single read, bytes; bounds how far one read can overshoot the write high-water mark. */
  public static final int MAX_READ_BYTES = 64 * 1024;

  private SocketControl() {
  }

  /** The Netty channel behind a Vert.x socket. */
  public static Channel channel(NetSocket socket) {
    return ((NetSocketInternal) socket).channelHandlerContext().channel();
  }

  /**
   * Takes the socket's data over: stops reading, enables half-closure, bounds reads and buffering, and
   * installs {@code handler} before Vert.x's own, so bytes, FINs and errors reach it in order and
   * Vert.x only sees the close. Call it synchronously from the connect callback, before any read.
   *
   * @param bufferBytes most bytes queued for writing to this socket before its source is paused
   */
  public static Channel takeOver(NetSocket socket, String name, ChannelHandler handler, int bufferBytes) {
    Channel ch = channel(socket);
    relayOptions(ch, bufferBytes);
    ch.pipeline().addBefore(VERTX_HANDLER, name, handler);
    return ch;
  }

  /**
   * Makes an accepted plain Netty socket a relay socket, as {@link #takeOver} does a Vert.x one, with
   * {@code handler} as its only handler. Call it on the socket's event loop, before any read.
   */
  public static void adopt(Channel ch, String name, ChannelHandler handler, int bufferBytes) {
    relayOptions(ch, bufferBytes);
    ch.pipeline().addLast(name, handler);
  }

  /**
   * Listens on {@code address} with Vert.x's transport and threads but no Vert.x server in the way:
   * Vert.x's acceptor thread accepts, each new socket is registered on the next of Vert.x's event loops
   * (round robin), and {@code onAccept} runs there once the registration is done, with the socket (not
   * reading yet, TCP_NODELAY on, TCP_QUICKACK on where the transport has it) and a Vert.x context on
   * that event loop. On the native transport a TCP listener and its clients are sockets on the event
   * loops' epoll directly ({@link EpollListener}, {@link EpollLegSocket}); otherwise Netty channels. The
   * future completes with the listening socket; {@link Listening#stopAccepting} leaves accepted sockets alone.
   *
   * A failed accept (the process out of file descriptors, say) goes to {@code onAcceptFailure} on the
   * acceptor thread, and accepting pauses {@value #ACCEPT_PAUSE_MILLIS} ms: clients wait in the backlog
   * meanwhile, and a lasting failure neither spins the acceptor nor floods the log.
   *
   * @param backlog pending-connection queue length of the listening socket
   */
  public static Future<Listening> listen(Vertx vertx, io.vertx.core.net.SocketAddress address, int backlog,
                                         BiConsumer<LegSocket, Context> onAccept, Consumer<Throwable> onAcceptFailure) {
    VertxInternal vx = (VertxInternal) vertx;
    boolean domain = address.isDomainSocket();
    if (domain && !vx.transport().supportsDomainSockets()) {
      return Future.failedFuture("unix-domain sockets need the native transport (not available here)");
    }
    // one Vert.x context per event loop, made once: the accept path only looks its loop's up
    Map<EventLoop, Context> contexts = new IdentityHashMap<>();
    List<IoEventLoop> loops = new ArrayList<>();
    for (EventExecutor loop : vx.nettyEventLoopGroup()) {
      contexts.put((EventLoop) loop, vx.contextBuilder().withEventLoop((EventLoop) loop).build());
      if (EpollLegSocket.canRegisterWith((EventLoop) loop)) {
        loops.add((IoEventLoop) loop);
      }
    }
    InetSocketAddress inet = null;
    if (!domain) {
      inet = new InetSocketAddress(address.host(), address.port());
      if (inet.isUnresolved()) {
        return Future.failedFuture("cannot resolve " + address.host());
      }
      EventLoop acceptor = vx.acceptorEventLoopGroup().next();
      if (EpollLegSocket.canRegisterWith(acceptor) && !loops.isEmpty()) {
        return EpollListener.listen(inet, backlog, (IoEventLoop) acceptor, loops, contexts, ByteBufAllocator.DEFAULT, onAccept, onAcceptFailure);
      }
    }
    ServerBootstrap b = new ServerBootstrap()
      .group(vx.acceptorEventLoopGroup(), vx.nettyEventLoopGroup())
      .channelFactory(vx.transport().serverChannelFactory(domain))
      .option(ChannelOption.SO_BACKLOG, backlog)
      .handler(new AcceptFailures(onAcceptFailure))
      .childOption(ChannelOption.AUTO_READ, false)
      .childHandler(new ChannelInitializer<Channel>() {
        @Override
        protected void initChannel(Channel ch) {
          quickAck(ch, true);
          // A task of its own rather than a call from inside Netty's handler-added machinery: the JIT
          // then compiles the accept path once, not inlined again into each of those methods (on a
          // fresh JVM that was ~0.5-0.9 s of C2 time per 20,000 connections, bench/README.md "Churn").
          ch.eventLoop().execute(() -> onAccept.accept(new ChannelLegSocket(ch, null), contexts.get(ch.eventLoop())));
        }
      });
    java.net.SocketAddress bindTo;
    if (domain) {
      bindTo = vx.transport().convert(address);
    } else {
      b.option(ChannelOption.SO_REUSEADDR, true);
      bindTo = inet;
    }
    Promise<Listening> bound = Promise.promise();
    b.bind(bindTo).addListener((ChannelFuture f) -> {
      if (f.isSuccess()) {
        Channel server = f.channel();
        bound.complete(new Listening() {
          @Override
          public java.net.SocketAddress localAddress() {
            return server.localAddress();
          }

          @Override
          public Future<Void> stopAccepting() {
            Promise<Void> closed = Promise.promise();
            server.close().addListener(c -> closed.complete());
            return closed.future();
          }
        });
      } else {
        bound.fail(f.cause());
      }
    });
    return bound.future();
  }

  /** A listening socket. */
  public interface Listening {
    /** The address it is bound to (port 0: the port it got). */
    java.net.SocketAddress localAddress();

    /** Stops accepting and closes the listening socket; clients accepted before are left alone. */
    Future<Void> stopAccepting();
  }

  /** How long accepting pauses after a failed accept, ms. */
  public static final long ACCEPT_PAUSE_MILLIS = 1000;

  /**
   * The listening socket's handler: it sees every failed accept before Netty's acceptor does (which would
   * log each with a stack trace as unhandled), reports it and pauses accepting.
   */
  private static final class AcceptFailures extends ChannelInboundHandlerAdapter {
    private final Consumer<Throwable> onFailure;

    AcceptFailures(Consumer<Throwable> onFailure) {
      this.onFailure = onFailure;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      onFailure.accept(cause);
      ChannelConfig config = ctx.channel().config();
      if (config.isAutoRead()) {
        config.setAutoRead(false);
        ctx.executor().schedule(() -> config.setAutoRead(true), ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
      }
    }
  }

  /**
   * Connects a plain Netty socket (no Vert.x socket behind it) to {@code remote} on {@code near}'s event
   * loop and transport, set up as {@link #takeOver} sets up a Vert.x one, with {@code handler} as its
   * only handler, TCP_NODELAY on (the transport's default) and TCP_QUICKACK on (epoll). An IPv4 address
   * gets an IPv4 socket. The future completes on that event loop; when no socket can be made it is
   * failed at once (its channel is then {@code near}'s).
   *
   * @param timeoutMillis connect timeout; a refused or timed-out connect fails the future
   */
  public static ChannelFuture connect(Channel near, InetSocketAddress remote, long timeoutMillis, ChannelHandler handler, int bufferBytes) {
    boolean v4 = remote.getAddress() instanceof Inet4Address;
    Channel ch;
    try {
      if (near instanceof EpollSocketChannel || near instanceof EpollDomainSocketChannel) {
        ch = v4 ? new EpollSocketChannel(SocketProtocolFamily.INET) : new EpollSocketChannel();
        ch.config().setOption(EpollChannelOption.TCP_QUICKACK, true);
      } else {
        ch = v4 ? new NioSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET) : new NioSocketChannel();
      }
    } catch (ChannelException e) {
      // no socket could be made (e.g. the process is out of file descriptors): a failed connect
      return near.newFailedFuture(e);
    }
    ch.config().setAllocator(near.config().getAllocator());
    ch.config().setConnectTimeoutMillis((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    relayOptions(ch, bufferBytes);
    ch.pipeline().addLast(handler);
    ChannelPromise connected = ch.newPromise();
    // a failed connect leaves the socket open (and epoll reporting its error to our handler): close it
    connected.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    near.eventLoop().register(ch).addListener(f -> {
      if (f.isSuccess()) {
        ch.connect(remote, connected);
      } else {
        ch.unsafe().closeForcibly();
        connected.setFailure(f.cause());
      }
    });
    return connected;
  }

  /** Largest single read of a relay socket whose route buffers {@code bufferBytes}, bytes. */
  static int maxReadBytes(int bufferBytes) {
    return Math.min(MAX_READ_BYTES, Math.max(1024, bufferBytes / 4));
  }

  /**
   * Bytes queued for a relay socket above which it is unwritable (its source pauses); the low mark is half
   * of it. One more read of at most {@link #maxReadBytes} (one queue entry, counted with
   * {@link #QUEUE_ENTRY_OVERHEAD}) keeps the total within {@code bufferBytes}.
   */
  static int highWaterMark(int bufferBytes) {
    return Math.max(1, bufferBytes - maxReadBytes(bufferBytes) - QUEUE_ENTRY_OVERHEAD);
  }

  /** Relay settings of a socket: no reading until asked, half-closure, bounded reads and buffering. */
  private static void relayOptions(Channel ch, int bufferBytes) {
    ch.config().setAutoRead(false);
    ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    // A failed write must not close the socket: bytes the peer sent before resetting are still to be read.
    ch.config().setOption(ChannelOption.AUTO_CLOSE, false);
    int maxRead = maxReadBytes(bufferBytes);
    ch.config().setRecvByteBufAllocator(new PausableReads(ch, new AdaptiveRecvByteBufAllocator(512, Math.min(16 * 1024, maxRead), maxRead)));
    // Writable while queued bytes <= high; one more read of at most maxRead (one queue entry, counted with
    // Netty's per-entry overhead) keeps the total within bufferBytes.
    int high = highWaterMark(bufferBytes);
    ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(high / 2, high));
  }

  /**
   * Whether an exception is the signal that stopped a read because reading is paused (see
   * {@link PausableReads}); the channel is fine and reads on once resumed. Handlers drop it.
   */
  public static boolean isReadPaused(Throwable cause) {
    return cause == ReadPaused.INSTANCE;
  }

  /**
   * Makes "auto-read off" binding for every read. Native epoll keeps reading after the peer's FIN
   * (EPOLLRDHUP) until the kernel's buffer is empty, back-pressure or not; NIO stops. This allocator
   * refuses the buffer of any read attempted while auto-read is off: the transport then ends that read
   * loop as after a failed allocation (the channel stays open, its input too), stops polling for input,
   * and the unread bytes, FIN included, wait in the kernel until reading resumes. The refusal is one
   * shared exception without a stack trace; {@link LegHandler} drops it. Nothing in tcpgate calls
   * {@code Channel.read()} on a relayed socket: resuming is always {@code setAutoRead(true)}.
   *
   * <p>A socket that is shut in both directions (reset by its peer, or our FIN sent and theirs
   * received) is read even while paused: epoll reports it as hung up whatever the interest set, so
   * leaving it unread would spin the event loop. What is read then is bounded by the socket's receive
   * buffer (counted as overflow). Only native-epoll TCP sockets refuse; NIO never reads while paused.
   */
  private static final class PausableReads implements MaxMessagesRecvByteBufAllocator {
    private final Channel channel;
    private final MaxMessagesRecvByteBufAllocator delegate;

    PausableReads(Channel channel, MaxMessagesRecvByteBufAllocator delegate) {
      this.channel = channel;
      this.delegate = delegate;
    }

    @Override
    public int maxMessagesPerRead() {
      return delegate.maxMessagesPerRead();
    }

    @Override
    public MaxMessagesRecvByteBufAllocator maxMessagesPerRead(int maxMessagesPerRead) {
      delegate.maxMessagesPerRead(maxMessagesPerRead);
      return this;
    }

    @Override
    public Handle newHandle() {
      return new PausableHandle(channel, (ExtendedHandle) delegate.newHandle());
    }
  }

  private static final class PausableHandle extends RecvByteBufAllocator.DelegatingHandle implements RecvByteBufAllocator.ExtendedHandle {
    private final Channel channel;
    private ChannelConfig config;

    PausableHandle(Channel channel, RecvByteBufAllocator.ExtendedHandle delegate) {
      super(delegate);
      this.channel = channel;
    }

    @Override
    public void reset(ChannelConfig config) {
      this.config = config;
      super.reset(config);
    }

    @Override
    public ByteBuf allocate(ByteBufAllocator alloc) {
      if (config != null && !config.isAutoRead() && mayRefuse(channel)) {
        throw ReadPaused.INSTANCE;
      }
      return super.allocate(alloc);
    }

    @Override
    public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
      return ((RecvByteBufAllocator.ExtendedHandle) delegate()).continueReading(maybeMoreDataSupplier);
    }
  }

  /**
   * Whether a paused read may be refused: a native-epoll TCP socket that epoll does not report as hung
   * up. Linux reports a TCP socket hung up once it is closed (a reset) or shut in both directions (their
   * FIN received and ours sent): the states CLOSE, LAST_ACK, CLOSING and TIME_WAIT. Other sockets read
   * as their transport does.
   */
  private static boolean mayRefuse(Channel ch) {
    if (!(ch instanceof EpollSocketChannel) || !ch.isActive()) {
      return false;
    }
    int state = ((EpollSocketChannel) ch).tcpInfo().state();
    return state != TCP_CLOSE && state != TCP_LAST_ACK && state != TCP_CLOSING && state != TCP_TIME_WAIT;
  }

  /** Linux TCP states ({@code tcp_info.tcpi_state}) in which a socket is hung up. */
  private static final int TCP_TIME_WAIT = 6;
  private static final int TCP_CLOSE = 7;
  private static final int TCP_LAST_ACK = 9;
  private static final int TCP_CLOSING = 11;

  /** The refusal of {@link PausableReads}: one instance, no stack trace. */
  private static final class ReadPaused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final ReadPaused INSTANCE = new ReadPaused();

    private ReadPaused() {
      super("reading is paused", null, false, false);
    }
  }

  /**
   * Sends FIN: shuts the socket's output down; the input stays open. A paused epoll socket whose peer
   * had sent FIN is hung up from then on (reported whatever the interest set), so it is read to its
   * end (see {@link PausableReads}).
   */
  public static void shutdownOutput(Channel ch) {
    if (ch instanceof DuplexChannel && ch.isActive()) {
      ((DuplexChannel) ch).shutdownOutput().addListener(f -> {
        if (!ch.config().isAutoRead() && ch instanceof EpollSocketChannel && ch.isActive() && !mayRefuse(ch)) {
          ch.read();
        }
      });
    } else {
      ch.close();
    }
  }

  /**
   * Whether a failed connect was the backend's reset: it accepted, then reset before the connect was
   * seen complete (a refused connect is ECONNREFUSED, not this).
   */
  public static boolean isResetByPeer(Throwable connectFailure) {
    if (connectFailure instanceof Errors.NativeIoException) {
      return ((Errors.NativeIoException) connectFailure).expectedErr() == Errors.ERRNO_ECONNRESET_NEGATIVE;
    }
    return connectFailure instanceof SocketException && String.valueOf(connectFailure.getMessage()).contains("Connection reset");
  }

  /** Whether the socket's output is already shut down (or the socket is closed). */
  public static boolean isOutputShutdown(Channel ch) {
    return !ch.isActive() || ch instanceof DuplexChannel && ((DuplexChannel) ch).isOutputShutdown();
  }

  /**
   * Aborts the socket: bytes written to it but not yet flushed are handed to the kernel (what it takes
   * at once goes out before the RST), then SO_LINGER 0 and close, so the peer gets a RST
   * ({@code ECONNRESET}).
   */
  public static void reset(Channel ch) {
    if (ch.isOpen()) {
      ch.flush();
      if (ch instanceof SocketChannel) {
        try {
          ch.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
          // the socket is already gone; closing is all that is left
        }
      }
      ch.close();
    }
  }

  /**
   * Whether a pipeline event is Vert.x's notice that the server (or client) owning the socket shuts
   * down. Relayed connections ignore it: their route's drain closes them.
   */
  public static boolean isShutdownEvent(Object event) {
    return event instanceof ShutdownEvent;
  }

  /** Netty's bookkeeping estimate per queued buffer, bytes; counted in {@link #queuedBytes} and the high-water mark. */
  public static final int QUEUE_ENTRY_OVERHEAD =
    Integer.getInteger("io.netty.transport.outboundBufferEntrySizeOverhead", 96);

  /** Queued bytes not yet written to the socket, as Netty counts them (plus {@link #QUEUE_ENTRY_OVERHEAD} per buffer). */
  public static long queuedBytes(Channel ch) {
    var out = ch.unsafe().outboundBuffer();
    return out == null ? 0 : out.totalPendingWriteBytes();
  }

  /**
   * Milliseconds since the kernel last sent data on the socket ({@code tcpi_last_data_sent}), or -1 when
   * the transport cannot tell (NIO, unix-domain sockets, a closed socket).
   */
  public static long millisSinceDataSent(Channel ch) {
    if (ch instanceof EpollSocketChannel && ch.isActive()) {
      return ((EpollSocketChannel) ch).tcpInfo().lastDataSent();
    }
    return -1;
  }

  /** Wraps a Netty buffer as a Vert.x buffer without copying; the Vert.x buffer owns it. */
  public static Buffer toBuffer(ByteBuf buf) {
    return BufferInternal.buffer(buf);
  }

  /**
   * The bytes of a chunk as a Netty buffer for one write, which releases it; no copy. When the chunk
   * shares the memory of {@code lentOwner} (the {@link #memoryOwner} of a buffer its lender releases
   * itself) the write gets its own reference to it; otherwise the write takes the chunk's reference over
   * (heap memory, or pooled memory a policy allocated and passes on).
   */
  public static ByteBuf forWrite(Buffer chunk, ByteBuf lentOwner) {
    if (!(chunk instanceof BufferImpl impl)) {
      return Unpooled.wrappedBuffer(chunk.getBytes());
    }
    ByteBuf b = impl.byteBuf();
    if (lentOwner != null && memoryOwner(b) == lentOwner) {
      return b.retainedSlice();
    }
    return b.slice();
  }

  /** The buffer that owns {@code b}'s memory: {@code b} itself, or what a slice or leak-detection wrapper wraps. */
  public static ByteBuf memoryOwner(ByteBuf b) {
    while (b.unwrap() != null) {
      b = b.unwrap();
    }
    return b;
  }

  /** Per-socket options of a channel, for policies. */
  public static SocketOptions options(Channel ch) {
    return new ChannelSocketOptions(ch);
  }

  /** Sets TCP_QUICKACK where the transport has it (native epoll); returns whether it did. */
  public static boolean quickAck(Channel ch, boolean on) {
    if (ch instanceof EpollSocketChannel) {
      ch.config().setOption(EpollChannelOption.TCP_QUICKACK, on);
      return true;
    }
    return false;
  }

  private static final class ChannelSocketOptions implements SocketOptions {
    private final Channel ch;

    ChannelSocketOptions(Channel ch) {
      this.ch = ch;
    }

    @Override
    public void tcpNoDelay(boolean on) {
      if (ch instanceof SocketChannel) {
        ch.config().setOption(ChannelOption.TCP_NODELAY, on);
      }
    }

    @Override
    public boolean tcpNoDelay() {
      Boolean v = ch instanceof SocketChannel ? ch.config().getOption(ChannelOption.TCP_NODELAY) : null;
      return v != null && v;
    }

    @Override
    public boolean keepAlive(boolean on, int idleSeconds, int intervalSeconds, int count) {
      if (!(ch instanceof SocketChannel)) {
        return false;
      }
      ch.config().setOption(ChannelOption.SO_KEEPALIVE, on);
      if (!(ch instanceof EpollSocketChannel)) {
        return idleSeconds == 0 && intervalSeconds == 0 && count == 0;
      }
      if (idleSeconds > 0) {
        ch.config().setOption(EpollChannelOption.TCP_KEEPIDLE, idleSeconds);
      }
      if (intervalSeconds > 0) {
        ch.config().setOption(EpollChannelOption.TCP_KEEPINTVL, intervalSeconds);
      }
      if (count > 0) {
        ch.config().setOption(EpollChannelOption.TCP_KEEPCNT, count);
      }
      return true;
    }

    @Override
    public boolean keepAlive() {
      Boolean v = ch instanceof SocketChannel ? ch.config().getOption(ChannelOption.SO_KEEPALIVE) : null;
      return v != null && v;
    }

    @Override
    public void buffers(int receiveBytes, int sendBytes) {
      if (!(ch instanceof SocketChannel)) {
        return;
      }
      if (receiveBytes > 0) {
        ch.config().setOption(ChannelOption.SO_RCVBUF, receiveBytes);
      }
      if (sendBytes > 0) {
        ch.config().setOption(ChannelOption.SO_SNDBUF, sendBytes);
      }
    }

    @Override
    public int[] buffers() {
      if (!(ch instanceof SocketChannel)) {
        return null;
      }
      return new int[] {ch.config().getOption(ChannelOption.SO_RCVBUF), ch.config().getOption(ChannelOption.SO_SNDBUF)};
    }

    @Override
    public int[] keepAliveTimings() {
      if (!(ch instanceof EpollSocketChannel)) {
        return null;
      }
      return new int[] {
        ch.config().getOption(EpollChannelOption.TCP_KEEPIDLE),
        ch.config().getOption(EpollChannelOption.TCP_KEEPINTVL),
        ch.config().getOption(EpollChannelOption.TCP_KEEPCNT)
      };
    }
  }
}
