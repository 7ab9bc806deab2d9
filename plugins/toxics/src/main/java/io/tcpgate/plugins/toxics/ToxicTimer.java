package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;

/** One pending timer of a toxic on its connection, cancelled when the toxic is removed. */
final class ToxicTimer {
  private final ConnectionContext connection;
  private long id = -1;

  ToxicTimer(ConnectionContext connection) {
    this.connection = connection;
  }

  /** Runs {@code task} after {@code millis} ms on the connection's event loop (0: as soon as possible). */
  void start(long millis, Runnable task) {
    cancel();
    id = connection.setTimer(millis, () -> {
      id = -1;
      task.run();
    });
  }

  /** Runs {@code task} {@code millis} ms after {@code sinceNanos} (a {@code connection.nanoTime()}); at once if that is past. */
  void startFrom(long sinceNanos, long millis, Runnable task) {
    start(Math.max(0, millis - (connection.nanoTime() - sinceNanos) / 1_000_000), task);
  }

  /** Cancels the timer if it is pending. */
  void cancel() {
    if (id >= 0) {
      connection.cancelTimer(id);
      id = -1;
    }
  }
}
