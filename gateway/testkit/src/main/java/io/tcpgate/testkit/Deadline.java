package io.tcpgate.testkit;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/** An overall time limit for one wait, naming what is awaited in the error thrown on expiry. */
final class Deadline {

  private final long startNanos;
  private final long limitNanos;
  private final String what;

  private Deadline(Duration timeout, String what) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.startNanos = System.nanoTime();
    this.limitNanos = timeout.toNanos();
    this.what = what;
  }

  static Deadline after(Duration timeout, String what) {
    return new Deadline(timeout, what);
  }

  long remainingNanos() {
    return limitNanos - (System.nanoTime() - startNanos);
  }

  /** Remaining time in whole milliseconds, at least 1 while not expired, 0 once expired. */
  long remainingMillis() {
    long nanos = remainingNanos();
    return nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999) / 1_000_000);
  }

  boolean expired() {
    return remainingNanos() <= 0;
  }

  AssertionError timeout(String detail) {
    return new AssertionError(String.format(Locale.ROOT, "timed out after %d ms waiting for %s%s",
        limitNanos / 1_000_000, what, detail.isEmpty() ? "" : " (" + detail + ")"));
  }

  /**
   * Reads at most {@code len} bytes, returning the count or -1 on EOF, using SO_TIMEOUT so
   * that the call never outlives this deadline.
   *
   * @throws AssertionError once the deadline passes with nothing read
   * @throws SocketException on reset or local close, as the socket reports them
   */
  int read(Socket socket, byte[] buf, int off, int len, String detail) throws IOException {
    // Bounded: each pass either returns or burns SO_TIMEOUT <= the remaining time.
    while (true) {
      long millis = remainingMillis();
      if (millis == 0) {
        throw timeout(detail);
      }
      socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, millis));
      try {
        return socket.getInputStream().read(buf, off, len);
      } catch (SocketTimeoutException e) {
        // loop: re-check the overall deadline
      }
    }
  }

  /** Whether an exception is the JDK's report of a TCP RST received from the peer. */
  static boolean isReset(Throwable e) {
    return e instanceof SocketException && e.getMessage() != null
        && e.getMessage().contains("Connection reset");
  }

  /** Whether a write failed because the peer had reset or fully closed the connection. */
  static boolean isResetOrBrokenPipe(Throwable e) {
    return isReset(e) || (e instanceof SocketException && e.getMessage() != null
        && e.getMessage().contains("Broken pipe"));
  }
}
