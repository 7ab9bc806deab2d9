package io.tcpgate.plugins.timeouts;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Durations;
import java.util.concurrent.TimeUnit;

/**
 * The idle timer of one connection. It keeps at most one timer set, due when the silence would reach
 * the limit counted from the last byte read or written; when it fires it compares the connection's last activity
 * with the clock and either closes or sets itself again for the time left.
 */
final class IdleTimer implements ConnectionPolicy {
  private static final long NONE = -1;

  /**
   * The longest one timer is set for, ms (the longest duration a config takes): a longer limit, which
   * only a policy made in code can have, is reached by setting the timer again when it fires.
   */
  private static final long MAX_TIMER_MILLIS = Durations.MAX_MILLIS;

  private final IdleTimeoutPolicy settings;
  private final ConnectionContext connection;
  private long timerId = NONE;

  IdleTimer(IdleTimeoutPolicy settings, ConnectionContext connection) {
    this.settings = settings;
    this.connection = connection;
  }

  @Override
  public void onAccepted() {
    arm();
  }

  /** A FIN may switch to the half-closed limit: re-evaluate now. */
  @Override
  public boolean onFin(Direction direction, DataSink next) {
    arm();
    return true;
  }

  private void arm() {
    if (timerId != NONE) {
      connection.cancelTimer(timerId);
    }
    check();
  }

  private void check() {
    timerId = NONE;
    long limitMillis = limitMillis();
    if (limitMillis == 0) {
      return;
    }
    long limitNanos = TimeUnit.MILLISECONDS.toNanos(limitMillis); // Long.MAX_VALUE when it would overflow
    long leftNanos = limitNanos - (connection.nanoTime() - connection.lastActivityNanos());
    if (leftNanos <= 0) {
      connection.close(settings.action(), CloseCause.IDLE);
      return;
    }
    long leftMillis = leftNanos / 1_000_000 + (leftNanos % 1_000_000 == 0 ? 0 : 1);
    timerId = connection.setTimer(Math.min(leftMillis, MAX_TIMER_MILLIS), this::check);
  }

  /** The limit in force now, ms; 0 = none. */
  private long limitMillis() {
    boolean halfClosed = connection.finReceived(Direction.UPSTREAM) || connection.finReceived(Direction.DOWNSTREAM);
    return halfClosed ? settings.halfClosedTimeoutMillis() : settings.timeoutMillis();
  }
}
