package io.tcpgate.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * Loopback addresses for connect-failure tests: one that refuses connections at once and one
 * where a connect hangs until the caller's timeout; everything is held until {@link #close()}.
 *
 * <p>{@link #blackholed()} relies on Linux dropping SYNs for a listener whose accept queue is
 * full: it listens with backlog {@value #BACKLOG}, never accepts, fills the queue, and checks
 * that a probe connect then times out after {@value #PROBE_TIMEOUT_MS} ms.
 */
public final class UnreachableBackends implements AutoCloseable {

  /** Listen backlog of the blackhole (Linux queues backlog + 1 connections). */
  public static final int BACKLOG = 1;
  /** Timeout of each probe connect while filling the blackhole's queue, in milliseconds. */
  public static final int PROBE_TIMEOUT_MS = 200;
  /** Most filler connections tried before giving up, a count. */
  public static final int MAX_FILLERS = 16;

  private final List<AutoCloseable> held = new ArrayList<>();
  private InetSocketAddress blackhole;
  private ServerSocket blackholeListener;
  private boolean closed;

  /**
   * A 127.0.0.1 address whose connects are refused (RST): its port is bound by a socket that
   * never listens, so nothing else can listen there until {@link #close()}.
   */
  public synchronized InetSocketAddress refused() throws IOException {
    ensureOpen();
    Socket holder = new Socket();
    try {
      holder.setReuseAddress(false);
      holder.bind(Loopback.address(0));
    } catch (IOException e) {
      holder.close();
      throw e;
    }
    held.add(holder);
    return Loopback.address(holder.getLocalPort());
  }

  /**
   * A 127.0.0.1 address where {@code connect()} neither succeeds nor is refused but times out
   * (SYNs dropped); the same address on every call. Costs about {@value #PROBE_TIMEOUT_MS} ms.
   *
   * @throws IllegalStateException if the kernel does not drop SYNs for a full accept queue
   */
  public synchronized InetSocketAddress blackholed() throws IOException {
    ensureOpen();
    if (blackhole != null) {
      return blackhole;
    }
    ServerSocket listener = new ServerSocket(0, BACKLOG, Loopback.ADDRESS);
    held.add(listener);
    blackholeListener = listener;
    InetSocketAddress address = Loopback.address(listener.getLocalPort());
    for (int i = 0; i < MAX_FILLERS; i++) { // bounded
      Socket filler = new Socket();
      try {
        filler.connect(address, PROBE_TIMEOUT_MS);
        held.add(filler);
      } catch (SocketTimeoutException e) {
        filler.close();
        blackhole = address;
        return address;
      } catch (IOException e) {
        filler.close();
        throw e;
      }
    }
    throw new IllegalStateException("accept queue of " + address + " still accepted after "
        + MAX_FILLERS + " connections: this kernel does not blackhole SYNs for a full queue");
  }

  /**
   * Makes room in the {@link #blackholed()} address's accept queue: accepts the fillers queued there (held
   * until {@link #close()}), so a connect still resending its SYN completes at its next try (about 1 s
   * after its first, then 3 s...). Returns the listener, to accept that connect.
   */
  public synchronized ServerSocket letBlackholedConnectsThrough() throws IOException {
    ensureOpen();
    if (blackhole == null) {
      throw new IllegalStateException("no blackholed address yet");
    }
    ServerSocket listener = blackholeListener;
    listener.setSoTimeout(10_000);
    for (int i = 0; i <= BACKLOG; i++) { // the queue holds backlog + 1
      held.add(listener.accept());
    }
    return listener;
  }

  /** Releases every held socket; refused and blackholed ports become ordinary free ports. */
  @Override
  public synchronized void close() {
    closed = true;
    held.forEach(Peers::closeQuietly);
    held.clear();
    blackhole = null;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("UnreachableBackends already closed");
    }
  }
}
