package io.tcpgate.testkit;

import java.time.Duration;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * A clock in virtual nanoseconds with one-shot timers that run only when {@link #advance} moves the
 * clock past them, in due order (ties in the order they were set). No thread, no sleep.
 */
final class VirtualClock {
  /** Most timers one {@link #advance} runs; more means a timer re-arms itself with no delay forever. */
  static final int MAX_TIMER_RUNS = 100_000;
  private static final Comparator<Timer> DUE_ORDER = Comparator.comparingLong(Timer::dueNanos).thenComparingLong(Timer::id);

  private record Timer(long dueNanos, long id, Runnable task) {
  }

  private final TreeMap<Long, Timer> timers = new TreeMap<>();
  private long now = 1_000_000_000L;
  private long ids;

  long nanoTime() {
    return now;
  }

  /** Sets a timer due {@code delayMillis} ms from now (negative counts as 0); returns its id. */
  long schedule(long delayMillis, Runnable task) {
    long id = ++ids;
    timers.put(id, new Timer(now + Math.max(0, delayMillis) * 1_000_000L, id, task));
    return id;
  }

  /** A timer id that was never scheduled (for a timer set after the connection closed). */
  long unscheduledId() {
    return ++ids;
  }

  boolean cancel(long id) {
    return timers.remove(id) != null;
  }

  void cancelAll() {
    timers.clear();
  }

  int pending() {
    return timers.size();
  }

  /** Moves the clock on by {@code d}, running every timer due by then, in due order. */
  void advance(Duration d) {
    long target = now + d.toNanos();
    for (int runs = 0; !timers.isEmpty(); runs++) { // bounded by MAX_TIMER_RUNS
      Timer next = timers.values().stream().min(DUE_ORDER).get();
      if (next.dueNanos > target) {
        break;
      }
      if (runs == MAX_TIMER_RUNS) {
        throw new IllegalStateException(runs + " timers ran without the clock reaching " + target + " ns: a timer re-arms itself with no delay");
      }
      timers.remove(next.id);
      now = Math.max(now, next.dueNanos);
      next.task.run();
    }
    now = Math.max(now, target);
  }
}
