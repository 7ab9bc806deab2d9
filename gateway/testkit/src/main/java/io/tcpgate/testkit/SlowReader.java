package io.tcpgate.testkit;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces reads to at most a given rate in bytes per second, to make a peer that drains slowly
 * and so exert TCP backpressure on whatever writes to it.
 *
 * <p>Pacing parks the reading thread until the bytes read so far are within budget; that is
 * rate limiting, not synchronisation, and every pause is bounded by the caller's deadline.
 */
public final class SlowReader {

  private final long bytesPerSecond;
  private final int chunkBytes;
  private final long startNanos = System.nanoTime();
  private long consumed;

  /** A reader allowed {@code bytesPerSecond} bytes per second, read in chunks of ~1/10 s. */
  public SlowReader(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be > 0: " + bytesPerSecond);
    }
    this.bytesPerSecond = bytesPerSecond;
    this.chunkBytes = (int) Math.max(1, Math.min(64 * 1024, bytesPerSecond / 10));
  }

  /** Largest read in bytes that keeps the rate smooth. */
  public int chunkBytes() {
    return chunkBytes;
  }

  /**
   * Accounts for {@code bytesJustRead} bytes and parks until the average rate since creation is
   * back under the limit, but never past {@code notAfterNanos} (a {@link System#nanoTime()}).
   */
  public void pace(int bytesJustRead, long notAfterNanos) {
    consumed += bytesJustRead;
    long dueNanos = startNanos + (long) (consumed * 1e9 / bytesPerSecond);
    // Bounded: at most until min(due, notAfter); spurious wake-ups re-check the clock.
    for (long now = System.nanoTime(); now < dueNanos && now < notAfterNanos;
        now = System.nanoTime()) {
      LockSupport.parkNanos(Math.min(dueNanos, notAfterNanos) - now);
      if (Thread.currentThread().isInterrupted()) {
        return;
      }
    }
  }

  /**
   * Reads {@code socket} to EOF at this rate and returns what arrived.
   *
   * @throws AssertionError if EOF is not reached within {@code timeout} or the peer resets
   */
  public StreamDigest readToEof(Socket socket, Duration timeout) throws IOException {
    return readToEof(socket, timeout, () -> { });
  }

  /**
   * As {@link #readToEof(Socket, Duration)}, calling {@code firstBytes} once the first bytes arrived
   * (proof that whatever relays them has started relaying this connection).
   */
  public StreamDigest readToEof(Socket socket, Duration timeout, Runnable firstBytes) throws IOException {
    Deadline deadline = Deadline.after(timeout, "EOF on " + socket + " reading at "
        + bytesPerSecond + " bytes/s");
    long notAfter = System.nanoTime() + timeout.toNanos();
    Sha256Sink sink = new Sha256Sink();
    byte[] buf = new byte[chunkBytes];
    try {
      int n;
      while ((n = deadline.read(socket, buf, 0, chunkBytes, sink.count() + " bytes so far")) >= 0) {
        if (sink.count() == 0 && n > 0) {
          firstBytes.run();
        }
        sink.write(buf, 0, n);
        pace(n, notAfter);
      }
    } catch (SocketException e) {
      throw new AssertionError("expected EOF on " + socket + " but the connection failed after "
          + sink.count() + " bytes: " + e.getMessage(), e);
    }
    return sink.digest();
  }
}
