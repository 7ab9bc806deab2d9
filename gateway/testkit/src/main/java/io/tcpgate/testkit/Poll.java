package io.tcpgate.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it every {@value #INTERVAL_MS} ms, bounded by a timeout. */
public final class Poll {
  /** Pause between two checks, in milliseconds. */
  public static final int INTERVAL_MS = 5;

  private Poll() {}

  /**
   * Returns as soon as {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code timeout}
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    Deadline deadline = Deadline.after(timeout, what);
    while (!condition.getAsBoolean()) { // bounded by the deadline
      if (deadline.expired()) {
        throw deadline.timeout("");
      }
      LockSupport.parkNanos(Math.min(INTERVAL_MS * 1_000_000L, Math.max(1, deadline.remainingNanos())));
    }
  }
}
