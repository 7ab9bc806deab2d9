package io.tcpgate.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A loopback TCP server that runs a scripted {@link Behaviour} on its own daemon thread for each
 * accepted connection and records what each connection {@link Observed}.
 *
 * <p>Durations are wall-clock; the idle timeout (default {@value #DEFAULT_IDLE_TIMEOUT_MS} ms)
 * bounds every single read of a behaviour. {@link #close()} stops accepting, closes every
 * accepted socket and waits at most {@value #CLOSE_JOIN_MS} ms for the threads to end.
 */
public final class ScriptedBackend implements AutoCloseable {

  /** Default per-read idle timeout of behaviours, in milliseconds. */
  public static final long DEFAULT_IDLE_TIMEOUT_MS = 30_000;
  /** Longest {@link #close()} waits for connection threads, in milliseconds (total). */
  public static final long CLOSE_JOIN_MS = 2_000;
  private static final int BACKLOG = 128;

  private final String name;
  private final Behaviour behaviour;
  private final Duration idleTimeout;
  private final ServerSocket server;
  private final CountDownLatch released = new CountDownLatch(1);
  private final Object lock = new Object();
  private final List<Socket> sockets = new ArrayList<>();
  private final List<Observed> observed = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  /** Listens on 127.0.0.1 on an ephemeral port. */
  public ScriptedBackend(Behaviour behaviour) throws IOException {
    this(Loopback.address(0), behaviour, Duration.ofMillis(DEFAULT_IDLE_TIMEOUT_MS));
  }

  /** Listens on {@code bind} (must be 127.0.0.0/8; port 0 = ephemeral). */
  public ScriptedBackend(InetSocketAddress bind, Behaviour behaviour) throws IOException {
    this(bind, behaviour, Duration.ofMillis(DEFAULT_IDLE_TIMEOUT_MS));
  }

  /** As above, with {@code idleTimeout} bounding each read of the behaviour. */
  public ScriptedBackend(InetSocketAddress bind, Behaviour behaviour, Duration idleTimeout)
      throws IOException {
    this("scripted-backend", bind, behaviour, idleTimeout);
  }

  ScriptedBackend(String name, InetSocketAddress bind, Behaviour behaviour, Duration idleTimeout)
      throws IOException {
    Loopback.require(bind);
    this.behaviour = behaviour;
    this.idleTimeout = idleTimeout;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(bind, BACKLOG);
    this.name = name + "-" + server.getLocalPort();
    synchronized (lock) {
      threads.add(Threads.startDaemon(this.name + "-accept", this::acceptLoop));
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The bound loopback address and port. */
  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** Connections accepted so far. */
  public int acceptedCount() {
    synchronized (lock) {
      return sockets.size();
    }
  }

  /** Snapshot of the accepted sockets, in accept order. */
  public List<Socket> acceptedSockets() {
    synchronized (lock) {
      return List.copyOf(sockets);
    }
  }

  /**
   * Waits until at least {@code n} connections were accepted.
   *
   * @throws AssertionError naming the expected and actual count if {@code timeout} passes
   */
  public void awaitConnections(int n, Duration timeout) throws InterruptedException {
    Deadline deadline = Deadline.after(timeout, n + " accepted connection(s) on " + name);
    synchronized (lock) {
      while (sockets.size() < n) { // bounded by the deadline
        long millis = deadline.remainingMillis();
        if (millis == 0) {
          throw deadline.timeout(sockets.size() + " accepted");
        }
        lock.wait(millis);
      }
    }
  }

  /** What connection {@code index} (zero-based accept order) observed so far. */
  public Observed observed(int index) {
    synchronized (lock) {
      if (index >= observed.size()) {
        throw new IllegalArgumentException("connection #" + index + " not accepted yet on " + name
            + " (" + observed.size() + " accepted)");
      }
      return observed.get(index);
    }
  }

  /**
   * Waits for connection {@code index} to be accepted and its behaviour to finish.
   *
   * @throws AssertionError on timeout, or if the behaviour failed unexpectedly
   */
  public Observed awaitObserved(int index, Duration timeout) throws InterruptedException {
    Deadline deadline = Deadline.after(timeout, "connection #" + index + " to finish on " + name);
    awaitConnections(index + 1, timeout);
    Observed o = observed(index);
    if (!o.awaitFinished(Math.max(0, deadline.remainingNanos()))) {
      throw deadline.timeout("so far " + o);
    }
    if (o.failure().isPresent()) {
      throw new AssertionError("behaviour of connection #" + index + " on " + name + " failed: "
          + o, o.failure().get());
    }
    return o;
  }

  private void acceptLoop() {
    while (!closed) { // bounded by close(), which makes accept() throw
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      synchronized (lock) {
        if (closed) {
          Peers.closeQuietly(socket);
          return;
        }
        Observed o = new Observed(observed.size());
        sockets.add(socket);
        observed.add(o);
        threads.add(Threads.startDaemon(name + "-conn-" + o.index(), () -> serve(socket, o)));
        lock.notifyAll();
      }
    }
  }

  private void serve(Socket socket, Observed o) {
    try {
      socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, idleTimeout.toMillis())));
      behaviour.handle(new Connection(socket, o, idleTimeout, released));
    } catch (Throwable t) {
      if (Deadline.isResetOrBrokenPipe(t)) {
        o.recordEnding(Ending.RESET);
      } else if (!closed) {
        o.recordFailure(t);
      }
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    } finally {
      Peers.closeQuietly(socket);
      o.finish();
    }
  }

  /** Stops accepting, closes all accepted sockets and releases held connections. */
  @Override
  public void close() {
    List<Socket> toClose;
    List<Thread> toJoin;
    synchronized (lock) {
      closed = true;
      toClose = List.copyOf(sockets);
      toJoin = List.copyOf(threads);
    }
    Peers.closeQuietly(server);
    released.countDown();
    toClose.forEach(Peers::closeQuietly);
    long until = System.nanoTime() + CLOSE_JOIN_MS * 1_000_000;
    for (Thread t : toJoin) {
      Threads.join(t, (until - System.nanoTime()) / 1_000_000);
    }
  }

  @Override
  public String toString() {
    return name + "[" + address() + ", " + acceptedCount() + " accepted]";
  }
}
