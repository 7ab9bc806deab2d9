package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Per-connection base of the toxics that hold bytes for a while (latency, bandwidth, slicer): they
 * decide when each piece is due; the FIN waits behind the pieces, and removal hands everything on.
 */
abstract class QueuedToxic extends UpdatableToxic {
  protected final TimedQueue queue;
  private final Direction stream;

  /** New attributes (an update) apply to bytes from now on; what is held keeps its due time unless the toxic says otherwise. */
  QueuedToxic(ConnectionContext connection, ToxicSettings settings) {
    super(connection, settings);
    this.stream = settings.stream();
    this.queue = new TimedQueue(connection);
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
