package io.tcpgate.core.relay;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.channel.unix.Socket;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A TCP listening socket on the acceptor's epoll directly: it accepts until the backlog is empty, and
 * hands each client, as an {@link EpollLegSocket} registered on the next event loop (round robin), to
 * {@code onAccept} there, with TCP_NODELAY on (inherited from the listening socket) and TCP_QUICKACK on.
 * A failed accept pauses accepting {@link SocketControl#ACCEPT_PAUSE_MILLIS} ms. See {@link SocketControl#listen}.
 */
final class EpollListener implements EpollIoHandle, SocketControl.Listening {
  private final LinuxSocket socket;
  private final IoEventLoop acceptor;
  private final List<IoEventLoop> loops;
  private final Map<EventLoop, Context> contexts;
  private final ByteBufAllocator alloc;
  private final BiConsumer<LegSocket, Context> onAccept;
  private final Consumer<Throwable> onAcceptFailure;
  /** Netty's encoding of an accepted peer's address: its length, then the address and port. */
  private final byte[] peerAddress = new byte[26];
  private IoRegistration registration;
  private int next;
  private boolean paused;
  private boolean open = true;

  private EpollListener(LinuxSocket socket, IoEventLoop acceptor, List<IoEventLoop> loops, Map<EventLoop, Context> contexts,
                        ByteBufAllocator alloc, BiConsumer<LegSocket, Context> onAccept, Consumer<Throwable> onAcceptFailure) {
    this.socket = socket;
    this.acceptor = acceptor;
    this.loops = loops;
    this.contexts = contexts;
    this.alloc = alloc;
    this.onAccept = onAccept;
    this.onAcceptFailure = onAcceptFailure;
  }

  /** Binds {@code address} and listens; the future completes on the acceptor's loop. */
  static Future<SocketControl.Listening> listen(InetSocketAddress address, int backlog, IoEventLoop acceptor, List<IoEventLoop> loops,
                                                Map<EventLoop, Context> contexts, ByteBufAllocator alloc,
                                                BiConsumer<LegSocket, Context> onAccept, Consumer<Throwable> onAcceptFailure) {
    Promise<SocketControl.Listening> bound = Promise.promise();
    LinuxSocket s;
    try {
      s = LinuxSocket.newSocketStream();
      s.setReuseAddress(true);
      s.setTcpNoDelay(true); // accepted sockets inherit it
      s.bind(address);
      s.listen(backlog);
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
    EpollListener listener = new EpollListener(s, acceptor, loops, contexts, alloc, onAccept, onAcceptFailure);
    acceptor.register(listener).addListener(f -> {
      if (!f.isSuccess()) {
        listener.closeSocket();
        bound.fail(f.cause());
        return;
      }
      listener.registration = (IoRegistration) f.getNow();
      listener.registration.submit(EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLET));
      bound.complete(listener);
      listener.acceptAll(); // clients that came between listen and registration
    });
    return bound.future();
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void handle(IoRegistration r, IoEvent event) {
    acceptAll();
  }

  private void acceptAll() {
    while (open && !paused) {
      int fd;
      try {
        fd = socket.accept(peerAddress);
      } catch (IOException e) {
        onAcceptFailure.accept(e);
        paused = true;
        acceptor.schedule(() -> {
          paused = false;
          acceptAll();
        }, SocketControl.ACCEPT_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      if (fd < 0) {
        return; // the backlog is empty
      }
      InetSocketAddress remote = NativeInetAddress.address(peerAddress, 1, peerAddress[0]);
      IoEventLoop loop = loops.get(next);
      next = (next + 1) % loops.size();
      Socket client = new Socket(fd);
      try {
        loop.execute(() -> accepted(loop, client, remote));
      } catch (RejectedExecutionException e) {
        closeQuietly(client); // the event loops are shutting down
      }
    }
  }

  /** On the client's event loop: registers it, then hands it on. */
  private void accepted(IoEventLoop loop, Socket client, InetSocketAddress remote) {
    try {
      EpollSocketOptions.quickAck(client);
    } catch (IOException e) {
      closeQuietly(client); // gone already
      return;
    }
    EpollLegSocket.accepted(client, loop, alloc, remote, s -> onAccept.accept(s, contexts.get(loop)));
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing more to do with it
    }
  }

  @Override
  public SocketAddress localAddress() {
    return socket.localAddress();
  }

  @Override
  public Future<Void> stopAccepting() {
    Promise<Void> closed = Promise.promise();
    acceptor.execute(() -> {
      closeSocket();
      closed.complete();
    });
    return closed.future();
  }

  private void closeSocket() {
    if (!open) {
      return;
    }
    open = false;
    closeQuietly(socket);
    if (registration != null) {
      registration.cancel();
    }
  }

  /** The acceptor's event loop shuts down. */
  @Override
  public void close() {
    closeSocket();
  }
}
