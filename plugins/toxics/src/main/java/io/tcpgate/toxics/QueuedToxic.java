package io.tcpgate.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Policy;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Per-connection base of the toxics that hold bytes for a while (latency, bandwidth, slicer): they
 * decide when each piece is due; the FIN waits behind the pieces, and removal hands everything on.
 */
abstract class QueuedToxic implements ConnectionPolicy {
  protected final ConnectionContext connection;
  protected final TimedQueue queue;
  private final Direction stream;
  private ToxicSettings settings;

  QueuedToxic(ConnectionContext connection, ToxicSettings settings) {
    this.connection = connection;
    this.settings = settings;
    this.stream = settings.stream();
    this.queue = new TimedQueue(connection);
  }

  /** Copies the attributes of {@code fresh}, an instance of the same class opened by the updated toxic. */
  protected abstract void takeSettings(QueuedToxic fresh);

  /** New attributes apply to bytes from now on (what is held keeps its due time unless the toxic says otherwise), order kept. */
  @Override
  public final boolean update(Policy next) {
    QueuedToxic fresh = Toxic.successor(next, settings, connection, getClass());
    if (fresh == null) {
      return false;
    }
    settings = fresh.settings;
    takeSettings(fresh);
    return true;
  }

  /** Queues {@code chunk} (whole or in pieces) with due times. */
  protected abstract void schedule(Buffer chunk, DataSink next);

  @Override
  public final Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
    schedule(chunk, next);
    return queue.readiness();
  }

  @Override
  public final boolean onFin(Direction direction, DataSink next) {
    return direction != stream || queue.holdFin(next);
  }

  @Override
  public final void onRemoved(Direction direction, DataSink next) {
    queue.flush(next);
  }
}
