package io.tcpgate.testkit;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One accepted backend connection as a {@link Behaviour} sees it: the socket plus reads and
 * writes that record into its {@link Observed}; counts in bytes, durations wall-clock.
 *
 * <p>Each read is bounded by the backend's idle timeout (SO_TIMEOUT); a blocked read or write
 * also ends when the backend is closed.
 */
public final class Connection {

  private static final int BUFFER_BYTES = 64 * 1024;

  private final Socket socket;
  private final Observed observed;
  private final Duration idleTimeout;
  private final CountDownLatch released;

  Connection(Socket socket, Observed observed, Duration idleTimeout, CountDownLatch released) {
    this.socket = socket;
    this.observed = observed;
    this.idleTimeout = idleTimeout;
    this.released = released;
  }

  public Socket socket() {
    return socket;
  }

  /** Zero-based accept order on the backend. */
  public int index() {
    return observed.index();
  }

  public Observed observed() {
    return observed;
  }

  /** Longest a single read may wait for data before the behaviour fails. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /**
   * Reads up to {@code len} bytes and records them; returns -1 after recording {@link Ending#EOF}
   * or {@link Ending#RESET}.
   *
   * @throws SocketTimeoutException if no data for longer than {@link #idleTimeout()}
   */
  public int read(byte[] buf, int off, int len) throws IOException {
    int n;
    try {
      n = socket.getInputStream().read(buf, off, len);
    } catch (SocketTimeoutException e) {
      SocketTimeoutException named = new SocketTimeoutException("backend connection #" + index()
          + " got no data for " + idleTimeout.toMillis() + " ms (idle timeout)");
      named.initCause(e);
      throw named;
    } catch (SocketException e) {
      if (Deadline.isReset(e)) {
        observed.recordEnding(Ending.RESET);
        return -1;
      }
      throw e;
    }
    if (n < 0) {
      observed.recordEnding(Ending.EOF);
    } else {
      observed.recordReceived(buf, off, n);
    }
    return n;
  }

  /** Reads and records everything until EOF or reset; returns how the inbound side ended. */
  public Ending drain() throws IOException {
    byte[] buf = new byte[BUFFER_BYTES];
    while (read(buf, 0, buf.length) >= 0) { // bounded: EOF, reset, idle timeout or close
      // recorded by read
    }
    return observed.ending();
  }

  /** Writes and records {@code len} bytes; a reset or broken pipe records {@link Ending#RESET}. */
  public void write(byte[] b, int off, int len) throws IOException {
    try {
      socket.getOutputStream().write(b, off, len);
    } catch (SocketException e) {
      if (Deadline.isResetOrBrokenPipe(e)) {
        observed.recordEnding(Ending.RESET);
      }
      throw e;
    }
    observed.recordSent(len);
  }

  public void write(byte[] b) throws IOException {
    write(b, 0, b.length);
  }

  /** Half-closes the output side (FIN). */
  public void sendFin() throws IOException {
    socket.shutdownOutput();
  }

  /** Closes with SO_LINGER 0 (RST), discarding unsent data. */
  public void sendRst() throws IOException {
    Peers.sendRst(socket);
  }

  /**
   * Waits until the backend is closed or {@code max} passes, whichever is first; returns
   * whether the backend was closed.
   */
  public boolean awaitBackendClose(Duration max) throws InterruptedException {
    return released.await(max.toNanos(), TimeUnit.NANOSECONDS);
  }
}
