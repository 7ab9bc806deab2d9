import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The floor of a JVM relay on this machine: a plain TCP forwarder straight on Netty's epoll event loops
 * (EpollIoHandler and raw sockets, no channels, no pipeline, no Vert.x). One listening socket per event
 * loop (SO_REUSEPORT), each loop accepting its own clients; both sockets of a connection registered
 * edge-triggered for input and output once; a read is written at once from one buffer per loop, the
 * unwritten rest kept until the peer is writable (reading that side stops meanwhile); a FIN is passed
 * on as shutdown(SHUT_WR); both closed once each side sent its FIN, or on any error.
 *
 * <p>Not tcpgate: no policies, metrics, log or reset translation. It only measures what a transport
 * below Netty's channels costs per connection, beside tcpgate and HAProxy (bench/README.md).
 *
 * <p>Usage: {@code java -cp <netty jars>:. FloorRelay LISTEN_PORT BACKEND_PORT [EVENT_LOOPS]} (127.0.0.1).
 */
public final class FloorRelay {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> LOOP_BUFFER = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BUFFER_BYTES));
  private static final EpollIoOps RELAY_OPS =
    EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLOUT).with(EpollIoOps.EPOLLRDHUP).with(EpollIoOps.EPOLLET);

  public static void main(String[] args) throws Exception {
    int listenPort = Integer.parseInt(args[0]);
    InetSocketAddress backend = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1]));
    int loops = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
    for (int i = 0; i < loops; i++) {
      IoEventLoop loop = (IoEventLoop) group.next();
      LinuxSocket listener = LinuxSocket.newSocketStream(false);
      listener.setReuseAddress(true);
      listener.setReusePort(true);
      listener.setTcpNoDelay(true); // accepted sockets inherit it
      listener.bind(new InetSocketAddress("127.0.0.1", listenPort));
      listener.listen(1024);
      loop.register(new Acceptor(listener, loop, backend)).addListener(f ->
        ((IoRegistration) f.getNow()).submit(EpollIoOps.EPOLLIN.with(EpollIoOps.EPOLLET)));
    }
    System.out.println("floor relay: 127.0.0.1:" + listenPort + " -> " + backend + ", " + loops + " event loops");
    Thread.currentThread().join();
  }

  /** Accepts until the backlog is empty, and connects a backend socket for each client on this loop. */
  private static final class Acceptor implements EpollIoHandle {
    private final LinuxSocket listener;
    private final IoEventLoop loop;
    private final InetSocketAddress backend;
    private final byte[] peerAddress = new byte[26];

    Acceptor(LinuxSocket listener, IoEventLoop loop, InetSocketAddress backend) {
      this.listener = listener;
      this.loop = loop;
      this.backend = backend;
    }

    @Override
    public FileDescriptor fd() {
      return listener;
    }

    @Override
    public void close() throws IOException {
      listener.close();
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
      for (;;) {
        int fd;
        try {
          fd = listener.accept(peerAddress);
        } catch (IOException e) {
          return;
        }
        if (fd < 0) {
          return; // backlog empty
        }
        Side client = new Side(new Socket(fd), true);
        try {
          LinuxSocket socket = LinuxSocket.newSocketStream(false);
          socket.setTcpNoDelay(true);
          Side server = new Side(socket, false);
          client.peer = server;
          server.peer = client;
          server.connected = socket.connect(backend);
          client.register(loop);
          server.register(loop);
        } catch (IOException e) {
          client.closeBoth();
        }
      }
    }
  }

  /** One socket of a relayed connection. */
  private static final class Side implements EpollIoHandle {
    private final Socket socket;
    private Side peer;
    private IoRegistration registration;
    private boolean connected;
    /** Bytes read from the peer and not yet written to this socket (direct). */
    private ByteBuffer unwritten;
    private boolean readStopped;
    private boolean finRead;
    private boolean finSent;
    private boolean closed;

    Side(Socket socket, boolean connected) {
      this.socket = socket;
      this.connected = connected;
    }

    @Override
    public FileDescriptor fd() {
      return socket;
    }

    @Override
    public void close() {
      closeQuietly();
    }

    void register(IoEventLoop loop) {
      loop.register(this).addListener(f -> {
        if (!f.isSuccess()) {
          closeBoth();
          return;
        }
        registration = (IoRegistration) f.getNow();
        if (closed) {
          registration.cancel();
        } else {
          registration.submit(RELAY_OPS);
        }
      });
    }

    @Override
    public void handle(IoRegistration r, IoEvent event) {
      if (closed) {
        return;
      }
      EpollIoOps ops = ((EpollIoEvent) event).ops();
      try {
        if (!connected) {
          if (!socket.finishConnect()) {
            return;
          }
          connected = true;
        }
        if (ops.contains(EpollIoOps.EPOLLOUT) || ops.contains(EpollIoOps.EPOLLERR)) {
          writeUnwritten();
        }
        if (!closed && (ops.contains(EpollIoOps.EPOLLIN) || ops.contains(EpollIoOps.EPOLLRDHUP) || ops.contains(EpollIoOps.EPOLLERR))) {
          read();
        }
        if (!closed && peer.readStopped && nothingUnwritten()) {
          peer.readStopped = false;
          peer.read();
        }
      } catch (IOException e) {
        closeBoth();
      }
    }

    private boolean nothingUnwritten() {
      return unwritten == null || !unwritten.hasRemaining();
    }

    private void writeUnwritten() throws IOException {
      if (!nothingUnwritten()) {
        int written = socket.send(unwritten, unwritten.position(), unwritten.limit());
        unwritten.position(unwritten.position() + Math.max(0, written));
        if (!nothingUnwritten()) {
          return;
        }
      }
      if (peer.finRead && !finSent) {
        finSent = true;
        socket.shutdown(false, true);
        closeIfDone();
      }
    }

    /** Reads until the socket is drained (edge-triggered), writing each read to the peer at once. */
    private void read() throws IOException {
      ByteBuffer buffer = LOOP_BUFFER.get();
      while (!finRead && !closed) {
        if (!peer.connected || !peer.nothingUnwritten()) {
          readStopped = true;
          return;
        }
        int n = socket.recv(buffer, 0, BUFFER_BYTES);
        if (n == 0) {
          return; // drained
        }
        if (n < 0) {
          finRead = true;
          peer.finSent = true;
          peer.socket.shutdown(false, true);
          closeIfDone();
          return;
        }
        int written = Math.max(0, peer.socket.send(buffer, 0, n));
        if (written < n) {
          ByteBuffer rest = ByteBuffer.allocateDirect(n - written);
          rest.put(buffer.limit(n).position(written)).flip();
          buffer.clear();
          peer.unwritten = rest;
          readStopped = true;
          return;
        }
      }
    }

    private void closeIfDone() {
      if (finRead && peer.finRead) {
        closeBoth();
      }
    }

    void closeBoth() {
      closeQuietly();
      if (peer != null) {
        peer.closeQuietly();
      }
    }

    private void closeQuietly() {
      if (closed) {
        return;
      }
      closed = true;
      if (registration != null) {
        registration.cancel();
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all that is left to do
      }
    }
  }
}
