package io.tcpgate.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Bytes of one direction held until their due time, then passed on in order; the FIN waits behind them.
 * Holding more than {@link #HIGH_WATER_BYTES} asks the relay to stop reading until it falls under half
 * of it. On removal everything held is passed on at once, FIN included: no byte is lost or reordered.
 */
final class TimedQueue {
  /** Bytes held before back-pressure applies. */
  static final long HIGH_WATER_BYTES = 1 << 20;

  private record Held(long dueNanos, Buffer bytes) {
  }

  private final ConnectionContext connection;
  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private DataSink sink;
  private long heldBytes;
  private long lastDueNanos = Long.MIN_VALUE;
  private long timer = -1;
  private boolean finHeld;
  private Promise<Void> waiting;

  TimedQueue(ConnectionContext connection) {
    this.connection = connection;
  }

  /** Due time of the last bytes queued (never before now). */
  long lastDueNanos() {
    return Math.max(lastDueNanos, connection.nanoTime());
  }

  /**
   * Queues bytes to go out at {@code dueNanos} (or after the bytes queued before, if later). Bytes due
   * now with nothing ahead of them go on at once; others are held as a copy (the relay reuses the
   * memory of a chunk once its data hook returns).
   */
  void add(Buffer bytes, long dueNanos, DataSink next) {
    sink = next;
    lastDueNanos = Math.max(dueNanos, lastDueNanos);
    if (held.isEmpty() && lastDueNanos <= connection.nanoTime()) {
      next.emit(bytes); // due now with nothing ahead of it (latency 0): no timer, flushed with its read batch
      return;
    }
    held.add(new Held(lastDueNanos, ConnectionPolicy.keep(bytes)));
    heldBytes += bytes.length();
    schedule();
  }

  /** The back-pressure signal for the relay after adding. */
  Future<Void> readiness() {
    if (heldBytes <= HIGH_WATER_BYTES) {
      return null;
    }
    if (waiting == null) {
      waiting = Promise.promise();
    }
    return waiting.future();
  }

  /** The FIN arrived: true to let it go now (nothing held), false when it waits behind held bytes. */
  boolean holdFin(DataSink next) {
    if (held.isEmpty()) {
      return true;
    }
    sink = next;
    finHeld = true;
    return false;
  }

  /**
   * Takes every held piece back, in order, for the caller to queue again on a new schedule (a changed
   * rate); a held FIN stays held behind what is queued next. Returns the sink they were going to.
   */
  DataSink takeHeld(List<Buffer> into) {
    if (timer >= 0) {
      connection.cancelTimer(timer);
      timer = -1;
    }
    for (Held h : held) {
      into.add(h.bytes());
    }
    held.clear();
    heldBytes = 0;
    lastDueNanos = Long.MIN_VALUE;
    return sink;
  }

  /** Passes on what is due now, and a held FIN once nothing is left ahead of it (after {@link #takeHeld}). */
  void settle() {
    emitWhile(connection.nanoTime());
    schedule();
  }

  /**
   * Passes on everything held now, FIN included (the toxic is being removed), as one piece: handed on
   * piece by piece, a mebibyte of 1-byte slices would be a million writes on the event loop.
   */
  void flush(DataSink next) {
    if (timer >= 0) {
      connection.cancelTimer(timer);
      timer = -1;
    }
    sink = next;
    if (held.size() > 1) {
      Buffer all = Buffer.buffer((int) heldBytes);
      for (Held h : held) {
        all.appendBuffer(h.bytes());
      }
      held.clear();
      held.add(new Held(Long.MIN_VALUE, all));
    }
    emitWhile(Long.MAX_VALUE);
  }

  private void schedule() {
    if (timer >= 0 || held.isEmpty()) {
      return;
    }
    long delayNanos = held.peek().dueNanos() - connection.nanoTime();
    timer = connection.setTimer(Math.max(0, (delayNanos + 999_999) / 1_000_000), this::fire);
  }

  private void fire() {
    timer = -1;
    emitWhile(connection.nanoTime());
    schedule();
  }

  private void emitWhile(long nowNanos) {
    while (!held.isEmpty() && held.peek().dueNanos() <= nowNanos) {
      Held h = held.poll();
      heldBytes -= h.bytes().length();
      sink.emit(h.bytes());
    }
    if (held.isEmpty() && finHeld) {
      finHeld = false;
      sink.end();
    }
    if (waiting != null && heldBytes <= HIGH_WATER_BYTES / 2) {
      Promise<Void> p = waiting;
      waiting = null;
      p.tryComplete();
    }
  }
}
