package io.tcpgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Static client-side helpers that connect to, read from, and half-close or reset a blocking
 * loopback {@link Socket}, each wait bounded by a caller-given timeout.
 *
 * <p>Every timeout is a wall-clock limit for the whole call; on expiry an {@link AssertionError}
 * naming what was awaited is thrown. Reads set the socket's SO_TIMEOUT (milliseconds) and leave
 * it changed. Byte counts are in bytes.
 */
public final class Peers {

  private static final int BUFFER_BYTES = 64 * 1024;

  private Peers() {}

  /**
   * Connects a new socket to a 127.0.0.0/8 address within {@code timeout}.
   *
   * @throws ConnectException if refused
   * @throws SocketTimeoutException if not connected within {@code timeout}
   * @throws IllegalArgumentException if {@code address} is not loopback (nothing is sent)
   */
  public static Socket connect(InetSocketAddress address, Duration timeout) throws IOException {
    Loopback.require(address);
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    Socket socket = new Socket();
    try {
      socket.connect(address, millis);
      return socket;
    } catch (SocketTimeoutException e) {
      socket.close();
      SocketTimeoutException named = new SocketTimeoutException(
          "connect to " + address + " timed out after " + millis + " ms");
      named.initCause(e);
      throw named;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Reads exactly {@code n} bytes within {@code timeout}.
   *
   * @throws AssertionError on timeout, or if EOF or a reset comes before {@code n} bytes
   */
  public static byte[] readExactly(Socket socket, int n, Duration timeout) throws IOException {
    Deadline deadline = Deadline.after(timeout, n + " bytes on " + socket);
    byte[] out = new byte[n];
    int got = 0;
    try {
      while (got < n) { // bounded by the deadline: each read returns data, -1, or throws
        int r = deadline.read(socket, out, got, n - got, got + " of " + n + " bytes so far");
        if (r < 0) {
          throw new AssertionError("EOF on " + socket + " after " + got + " of " + n + " bytes");
        }
        got += r;
      }
    } catch (SocketException e) {
      throw new AssertionError("connection " + socket + " failed after " + got + " of " + n
          + " bytes: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Reads until EOF within {@code timeout} and returns every byte read; for large streams use
   * {@link Sha256Sink#drain(Socket, Duration)}.
   *
   * @throws AssertionError on timeout or if the connection is reset instead of ending with EOF
   */
  public static byte[] readToEof(Socket socket, Duration timeout) throws IOException {
    Deadline deadline = Deadline.after(timeout, "EOF on " + socket);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[BUFFER_BYTES];
    try {
      int r;
      while ((r = deadline.read(socket, buf, 0, buf.length, got.size() + " bytes so far")) >= 0) {
        got.write(buf, 0, r);
      }
    } catch (SocketException e) {
      throw new AssertionError("expected EOF on " + socket + " but the connection failed after "
          + got.size() + " bytes: " + e.getMessage(), e);
    }
    return got.toByteArray();
  }

  /**
   * Asserts that the next read returns EOF (the peer sent FIN) within {@code timeout}.
   *
   * @throws AssertionError if data arrives, the connection is reset, or nothing comes in time
   */
  public static void expectEof(Socket socket, Duration timeout) throws IOException {
    Deadline deadline = Deadline.after(timeout, "EOF on " + socket);
    byte[] buf = new byte[BUFFER_BYTES];
    int r;
    try {
      r = deadline.read(socket, buf, 0, buf.length, "");
    } catch (SocketException e) {
      throw new AssertionError("expected EOF on " + socket + " but got: " + e.getMessage(), e);
    }
    if (r >= 0) {
      throw new AssertionError("expected EOF on " + socket + " but received " + r + " bytes");
    }
  }

  /**
   * Reads until the peer's reset ("Connection reset") arrives within {@code timeout}, and returns
   * the bytes that were received before it.
   *
   * @throws AssertionError on timeout, on a clean EOF, or on any other socket error
   */
  public static byte[] expectReset(Socket socket, Duration timeout) throws IOException {
    Deadline deadline = Deadline.after(timeout, "a connection reset on " + socket);
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[BUFFER_BYTES];
    try {
      int r;
      while ((r = deadline.read(socket, buf, 0, buf.length, got.size() + " bytes so far")) >= 0) {
        got.write(buf, 0, r);
      }
    } catch (SocketException e) {
      if (Deadline.isReset(e)) {
        return got.toByteArray();
      }
      throw new AssertionError("expected a connection reset on " + socket + " after "
          + got.size() + " bytes but got: " + e.getMessage(), e);
    }
    throw new AssertionError("expected a connection reset on " + socket
        + " but got a clean EOF after " + got.size() + " bytes");
  }

  /**
   * Connects to a server that resets the connection at once (e.g. a gateway refusing the client at
   * accept), and returns the bytes received before the reset. The reset may arrive before {@code
   * connect()} has returned: that counts as the reset too.
   *
   * @throws AssertionError on a clean EOF, on timeout, or if the connect is refused
   */
  public static byte[] connectExpectingReset(InetSocketAddress address, Duration timeout) throws IOException {
    Socket socket;
    try {
      socket = connect(address, timeout);
    } catch (SocketException e) {
      if (Deadline.isReset(e)) {
        return new byte[0];
      }
      throw new AssertionError("expected a connection reset from " + address + " but the connect failed: " + e.getMessage(), e);
    }
    try (socket) {
      return expectReset(socket, timeout);
    }
  }

  /**
   * Asserts that the connection ends as {@code ending} says within {@code timeout}: {@link Ending#EOF}
   * as {@link #expectEof}, {@link Ending#RESET} as {@link #expectReset}.
   */
  public static void expectEnding(Socket socket, Ending ending, Duration timeout) throws IOException {
    switch (ending) {
      case EOF -> expectEof(socket, timeout);
      case RESET -> expectReset(socket, timeout);
      default -> throw new IllegalArgumentException("a connection cannot be expected to end " + ending);
    }
  }

  /** Sends FIN: half-closes the output side; the socket can still read. */
  public static void sendFin(Socket socket) throws IOException {
    socket.shutdownOutput();
  }

  /** Sends RST: closes the socket with SO_LINGER 0, discarding unsent data. */
  public static void sendRst(Socket socket) throws IOException {
    if (!socket.isClosed()) {
      socket.setSoLinger(true, 0);
      socket.close();
    }
  }

  /**
   * Writes {@code bytes} within {@code timeout}, in a background thread so a peer that stops
   * reading cannot hang the caller; on timeout the socket is closed.
   */
  public static void write(Socket socket, byte[] bytes, Duration timeout) throws IOException {
    writeAsync(socket, bytes).await(timeout);
  }

  /** Starts writing {@code bytes} on a daemon thread; {@link PendingWrite#await} bounds it. */
  public static PendingWrite writeAsync(Socket socket, byte[] bytes) {
    return PendingWrite.start(socket, bytes.length + " bytes", false,
        out -> out.write(bytes, 0, bytes.length));
  }

  /** Starts writing {@code payload} on a daemon thread; the socket stays open for writing. */
  public static PendingWrite writeAsync(Socket socket, Payload payload) {
    return PendingWrite.start(socket, payload.toString(), false, payload::writeTo);
  }

  /** Starts writing {@code payload} then sending FIN, on a daemon thread. */
  public static PendingWrite writeAsyncThenFin(Socket socket, Payload payload) {
    return PendingWrite.start(socket, payload.toString(), true, payload::writeTo);
  }

  /** Closes quietly; for cleanup paths. */
  public static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // cleanup only: the resource is unusable either way
    }
  }
}
