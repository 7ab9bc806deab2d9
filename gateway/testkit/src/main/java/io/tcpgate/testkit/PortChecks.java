package io.tcpgate.testkit;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Asserts whether something listens on a loopback address, by trying to connect to it (a
 * successful probe is closed at once, so the listener sees one short connection).
 *
 * <p>Probe timeouts are {@value #PROBE_TIMEOUT_MS} ms; polls are {@value #POLL_INTERVAL_MS} ms
 * apart and always bounded by the caller's timeout.
 */
public final class PortChecks {

  /** Timeout of one connect probe, in milliseconds. */
  public static final int PROBE_TIMEOUT_MS = 200;
  /** Pause between two probes of {@link #waitUntilListening}, in milliseconds. */
  public static final int POLL_INTERVAL_MS = 10;

  private PortChecks() {}

  /**
   * Asserts that a connect to {@code address} is refused.
   *
   * @throws AssertionError if it connects, or times out (something holds the port)
   */
  public static void assertNotListening(InetSocketAddress address) throws IOException {
    Loopback.require(address);
    try (Socket probe = new Socket()) {
      probe.connect(address, PROBE_TIMEOUT_MS);
    } catch (ConnectException e) {
      return;
    } catch (SocketTimeoutException e) {
      throw new AssertionError("expected nothing listening on " + address
          + " but connect timed out after " + PROBE_TIMEOUT_MS + " ms instead of being refused");
    }
    throw new AssertionError("expected nothing listening on " + address + " but it accepted");
  }

  /**
   * Polls until a connect to {@code address} succeeds.
   *
   * @throws AssertionError if nothing accepted within {@code timeout}
   */
  public static void waitUntilListening(InetSocketAddress address, Duration timeout) {
    Loopback.require(address);
    Deadline deadline = Deadline.after(timeout, "a listener on " + address);
    IOException last = null;
    while (!deadline.expired()) { // bounded by the deadline
      int millis = (int) Math.min(PROBE_TIMEOUT_MS, deadline.remainingMillis());
      try (Socket probe = new Socket()) {
        probe.connect(address, Math.max(1, millis));
        return;
      } catch (IOException e) {
        last = e;
      }
      long pause = Math.min(POLL_INTERVAL_MS * 1_000_000L, deadline.remainingNanos());
      if (pause > 0) {
        LockSupport.parkNanos(pause);
      }
    }
    AssertionError err = deadline.timeout(last == null ? "" : "last: " + last);
    if (last != null) {
      err.initCause(last);
    }
    throw err;
  }

  /**
   * Polls until a connect to {@code address} is refused (the listener closed); connects that still
   * succeed are closed at once.
   *
   * @throws AssertionError if connects are still accepted after {@code timeout}
   */
  public static void waitUntilRefused(InetSocketAddress address, Duration timeout) {
    Loopback.require(address);
    Deadline deadline = Deadline.after(timeout, "connects to " + address + " to be refused");
    int accepted = 0;
    int failed = 0; // a timeout or a reset: not a refusal yet
    String lastFailure = "";
    while (!deadline.expired()) { // bounded by the deadline
      int millis = (int) Math.min(PROBE_TIMEOUT_MS, deadline.remainingMillis());
      try (Socket probe = new Socket()) {
        probe.connect(address, Math.max(1, millis));
        accepted++;
      } catch (ConnectException refused) {
        return;
      } catch (IOException other) {
        failed++;
        lastFailure = other.toString();
      }
      long pause = Math.min(POLL_INTERVAL_MS * 1_000_000L, deadline.remainingNanos());
      if (pause > 0) {
        LockSupport.parkNanos(pause);
      }
    }
    throw deadline.timeout(accepted + " connect(s) accepted, " + failed + " failed otherwise" + (failed > 0 ? ", the last: " + lastFailure : ""));
  }
}
