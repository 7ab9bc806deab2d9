package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * Bytes of one direction held until their due time, then passed on in order; the FIN waits behind them.
 * Holding more than {@link #HIGH_WATER_BYTES} asks the relay to stop reading until it falls under half
 * of it. On removal everything held is passed on at once, FIN included; changed settings may queue it
 * again on a new schedule. No byte is lost or reordered. A piece may be held whole, or to be cut into
 * slices as they are due, each its own write (see {@link #addSliced}).
 */
final class TimedQueue {
  /** Bytes held before back-pressure applies. */
  static final long HIGH_WATER_BYTES = 1 << 20;

  private final ConnectionContext connection;
  private final ArrayDeque<HeldBytes> held = new ArrayDeque<>();
  private DataSink sink;
  private long heldBytes;
  private long lastDueNanos = Long.MIN_VALUE;
  /** When the last slice passed on was due; the first slice of sliced bytes waits their spacing after it. */
  private long lastPassedDueNanos = Long.MIN_VALUE;
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
    hold(new HeldBytes(ConnectionPolicy.keep(bytes), null, 0, lastDueNanos));
    schedule();
  }

  /**
   * Queues bytes to go out as the slices {@code cut} draws, each its own write, {@code spacingNanos}
   * apart: the first not before now nor before {@code spacingNanos} after the slice passed on before
   * it. Slices due at the same moment (timers fire in whole ms) go out together, still one write each.
   * The bytes are held as one copy; a slice is cut out of it only when it is due.
   */
  void addSliced(Buffer bytes, HeldBytes.Cut cut, long spacingNanos, DataSink next) {
    sink = next;
    hold(new HeldBytes(ConnectionPolicy.keep(bytes), cut, spacingNanos, connection.nanoTime()));
    emitWhile(connection.nanoTime());
    schedule();
  }

  private void hold(HeldBytes h) {
    if (held.isEmpty()) {
      waitSpacing(h);
    }
    held.add(h);
    heldBytes += h.length();
  }

  /** {@code h} is next: its first slice waits its spacing after the slice passed on before it. */
  private void waitSpacing(HeldBytes h) {
    h.dueNanos = Math.max(h.dueNanos, lastPassedDueNanos + h.spacingNanos);
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
   * Takes everything held back as one piece, in order, and gives it with its sink to {@code again} to
   * queue on a new schedule (changed settings); nothing held, it is not called. A held FIN waits behind
   * what is queued again, or goes at once when nothing is left held.
   */
  void requeue(BiConsumer<Buffer, DataSink> again) {
    Buffer all = takeAll();
    if (all.length() > 0) {
      again.accept(all, sink);
    }
    emitWhile(connection.nanoTime());
    schedule();
  }

  /**
   * Passes on everything held now, FIN included (the toxic is being removed), as one piece: handed on
   * piece by piece, a mebibyte of 1-byte slices would be a million writes on the event loop.
   */
  void flush(DataSink next) {
    sink = next;
    Buffer all = takeAll();
    if (all.length() > 0) {
      sink.emit(all);
    }
    released();
  }

  /** Cancels the timer and empties the queue: what it held, joined in order (empty when nothing was held). */
  private Buffer takeAll() {
    if (timer >= 0) {
      connection.cancelTimer(timer);
      timer = -1;
    }
    Buffer all;
    if (held.size() == 1) {
      all = held.peek().rest();
    } else {
      all = Buffer.buffer((int) heldBytes);
      for (HeldBytes h : held) {
        all.appendBuffer(h.rest());
      }
    }
    held.clear();
    heldBytes = 0;
    lastDueNanos = Long.MIN_VALUE;
    lastPassedDueNanos = Long.MIN_VALUE;
    return all;
  }

  private void schedule() {
    if (timer >= 0 || held.isEmpty()) {
      return;
    }
    long delayNanos = held.peek().dueNanos - connection.nanoTime();
    timer = connection.setTimer(Math.max(0, (delayNanos + 999_999) / 1_000_000), this::fire);
  }

  private void fire() {
    timer = -1;
    emitWhile(connection.nanoTime());
    schedule();
  }

  private void emitWhile(long nowNanos) {
    while (!held.isEmpty() && held.peek().dueNanos <= nowNanos) {
      HeldBytes h = held.peek();
      lastPassedDueNanos = h.dueNanos;
      Buffer slice = h.nextSlice();
      heldBytes -= slice.length();
      if (h.passedOn()) {
        held.poll();
        if (!held.isEmpty()) {
          waitSpacing(held.peek());
        }
      }
      sink.emit(slice);
    }
    released();
  }

  /** Lets a held FIN go once nothing is held ahead of it, and the relay read again under half the high water. */
  private void released() {
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
