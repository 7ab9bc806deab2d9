package io.tcpgate.testkit;

import java.time.Duration;

/**
 * What a {@link ScriptedBackend} does with one accepted connection, run on that connection's
 * own daemon thread; the socket is closed when {@link #handle} returns. Rates are in bytes per
 * second.
 *
 * <p>Factories below mirror MockWebServer's socket policies. All of them record into {@link
 * Connection#observed()}; all reads are bounded by the backend's idle timeout.
 */
@FunctionalInterface
public interface Behaviour {

  /** Runs the script; exceptions other than reset and backend close are recorded as failures. */
  void handle(Connection connection) throws Exception;

  /** Longest {@link #holdOpen()} keeps a connection if the backend is never closed. */
  Duration DEFAULT_HOLD = Duration.ofSeconds(60);

  /** Echoes every byte; on the peer's EOF sends FIN after echoing everything, then closes. */
  static Behaviour echo() {
    return c -> {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = c.read(buf, 0, buf.length)) >= 0) { // bounded: EOF, reset, idle, close
        c.write(buf, 0, n);
      }
      if (c.observed().ending() == Ending.EOF) {
        c.sendFin();
      }
    };
  }

  /** Reads and counts to EOF without replying, then sends FIN. */
  static Behaviour sink() {
    return c -> {
      if (c.drain() == Ending.EOF) {
        c.sendFin();
      }
    };
  }

  /** Sends {@code bytes}, then FIN, then reads and records until the peer's EOF or reset. */
  static Behaviour sendThenFin(byte[] bytes) {
    byte[] copy = bytes.clone();
    return c -> {
      c.write(copy);
      c.sendFin();
      c.drain();
    };
  }

  /**
   * Sends {@code bytes}, then resets (SO_LINGER 0 close) without reading anything.
   *
   * <p>A reset sent right on accept can reach a plain client still inside {@code connect()},
   * which then fails with "Connection reset"; wrap in {@link #afterReceiving} to avoid that race.
   */
  static Behaviour sendThenRst(byte[] bytes) {
    byte[] copy = bytes.clone();
    return c -> {
      c.write(copy);
      c.sendRst();
    };
  }

  /** Reads to EOF at most {@code bytesPerSecond} bytes per second, then sends FIN. */
  static Behaviour slowReader(long bytesPerSecond) {
    if (bytesPerSecond <= 0) {
      throw new IllegalArgumentException("bytesPerSecond must be > 0: " + bytesPerSecond);
    }
    return c -> {
      SlowReader pacer = new SlowReader(bytesPerSecond);
      byte[] buf = new byte[pacer.chunkBytes()];
      int n;
      while ((n = c.read(buf, 0, buf.length)) >= 0) { // bounded: EOF, reset, idle, close
        pacer.pace(n, Long.MAX_VALUE);
        if (c.socket().isClosed()) {
          return;
        }
      }
      if (c.observed().ending() == Ending.EOF) {
        c.sendFin();
      }
    };
  }

  /** Neither reads nor writes; keeps the connection open until the backend closes (max 60 s). */
  static Behaviour holdOpen() {
    return holdOpen(DEFAULT_HOLD);
  }

  /** Neither reads nor writes; keeps the connection open until backend close or {@code max}. */
  static Behaviour holdOpen(Duration max) {
    return c -> c.awaitBackendClose(max);
  }

  /**
   * Reads and records exactly {@code bytes} bytes, then runs {@code then}; if EOF or a reset
   * comes first it stops there without running {@code then}.
   */
  static Behaviour afterReceiving(int bytes, Behaviour then) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be > 0: " + bytes);
    }
    return c -> {
      byte[] buf = new byte[Math.min(bytes, 64 * 1024)];
      int got = 0;
      while (got < bytes) { // bounded: each read returns data, -1, or fails (idle, close)
        int n = c.read(buf, 0, Math.min(buf.length, bytes - got));
        if (n < 0) {
          return;
        }
        got += n;
      }
      then.handle(c);
    };
  }

  /** Sends {@code greeting} as soon as the connection is accepted, then {@link #echo()}es. */
  static Behaviour speakFirst(byte[] greeting) {
    return speakFirst(greeting, echo());
  }

  /** Sends {@code greeting} as soon as the connection is accepted, then runs {@code then}. */
  static Behaviour speakFirst(byte[] greeting, Behaviour then) {
    byte[] copy = greeting.clone();
    return c -> {
      c.write(copy);
      then.handle(c);
    };
  }
}
