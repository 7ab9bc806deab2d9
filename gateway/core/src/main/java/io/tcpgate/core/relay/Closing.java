package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.tcpgate.core.log.AccessLog;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import java.util.concurrent.TimeUnit;

/**
 * How a {@link RelayConnection}'s sockets are ended, and the connection with them: a peer's reset and
 * its translation for the other side, the orderly close (flush, FIN, read until the peer's FIN), the
 * reset, and the close cause.
 *
 * <ul>
 *   <li>A peer's reset reaches the other side after the bytes the gateway already holds from that peer,
 *       within {@link RelayConnection#RESET_FLUSH_MILLIS} (1,000 ms), as the connection's reset
 *       translation says (RST by default, or FIN).
 *   <li>An orderly close flushes what is held for the socket (reset once {@link RelayConnection#DRAIN_MILLIS},
 *       5,000 ms, pass without a byte of it leaving), sends FIN, then reads and drops until the peer's FIN
 *       for at most {@link RelayConnection#DRAIN_MILLIS}.
 *   <li>The first cause set is the connection's close cause; the connection is finished (timers
 *       cancelled, counters added, access log line written) when its last socket closes.
 * </ul>
 *
 * <p>Static, on the connection's state: a close can begin at many points (a socket event, a policy, the
 * admin API, a failed connect), and an idle connection carries no object for it. Runs on the connection's
 * event loop.
 */
final class Closing {
  private Closing() {
  }

  /** {@code src}'s peer reset it: it is closed, and the other side gets the reset translation once the end passed the policies. */
  static void onReset(RelayConnection connection, Leg src) {
    if (src.wasReset || connection.finished) {
      return;
    }
    if (src.closing) {
      // reset while the gateway closes it (flushing, or draining after its FIN): nothing more can reach it
      src.wasReset = true;
      if (src.isOpen()) {
        closeLeg(connection, src);
      }
      return;
    }
    src.wasReset = true;
    src.inputEnded = true;
    src.outputEnded = true;
    setCause(connection, src.side == Side.CLIENT ? CloseCause.CLIENT_RESET : CloseCause.BACKEND_RESET);
    connection.chain.onReset(src.side);
    if (src.isOpen()) {
      closeLeg(connection, src);
    }
    Leg dst = src.peer;
    if (!dst.isOpen()) {
      return;
    }
    // The reset ends the source's direction like a FIN: the end passes the policies after the bytes they
    // hold (a latency toxic's queue), then becomes the reset translation; within RESET_FLUSH_MILLIS.
    Direction d = Direction.from(src.side);
    connection.resetEndDeadline[d.ordinal()] = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RelayConnection.RESET_FLUSH_MILLIS);
    connection.chain.onFin(d);
    if (dst.outputEnded) {
      endAfterReset(connection, d); // its FIN went out before the reset (nothing is held): the translation now
    } else if (!dst.closing) {
      // a policy holds bytes or the end: bound the wait
      dst.schedule(() -> endAfterReset(connection, d), RelayConnection.RESET_FLUSH_MILLIS);
    }
  }

  /** The end of reset source of {@code d} reached its sink (or its time is up): the sink gets the reset translation. */
  static void endAfterReset(RelayConnection connection, Direction d) {
    Leg dst = connection.leg(d.sink());
    if (connection.finished || dst.closing || !dst.isOpen()) {
      return;
    }
    long leftMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(connection.resetEndDeadline[d.ordinal()] - System.nanoTime()));
    if (endAfterPeerReset(connection, d.source(), dst, leftMillis) == CloseAction.FIN) {
      connection.route.stats().resetTranslated();
    }
  }

  /**
   * Ends {@code other} as the reset translation for {@code resettingSide} says, a RST after a flush of
   * at most {@code flushMillis}; returns what it chose.
   */
  static CloseAction endAfterPeerReset(RelayConnection connection, Side resettingSide, Leg other, long flushMillis) {
    CloseAction action = resettingSide == Side.CLIENT ? connection.clientResetBecomes : connection.backendResetBecomes;
    if (action == CloseAction.FIN) {
      finAndDrain(connection, other);
    } else {
      flushThenReset(connection, other, flushMillis);
    }
    return action;
  }

  /** Runs {@code then} once every byte written to {@code leg} so far has reached its socket. */
  static void flushThen(Leg leg, Runnable then) {
    leg.needsFlush = false;
    leg.flushThen(then);
  }

  /**
   * Orderly close: what the policies hold for the socket goes first (handed on at once), then a flush
   * (reset once {@link RelayConnection#DRAIN_MILLIS} pass without a byte of it leaving), FIN, then read
   * and discard until the peer's FIN, for at most {@link RelayConnection#DRAIN_MILLIS}; then close. What
   * the socket sends from now on has nowhere to go: it is read and dropped at once, so its peer is never
   * stalled behind the flush.
   */
  static void finAndDrain(RelayConnection connection, Leg leg) {
    if (leg.closing || !leg.hasSocket()) {
      return;
    }
    startClosing(connection, leg);
    if (connection.chain != null && !connection.finished) {
      connection.chain.release(Direction.from(leg.peer.side));
    }
    leg.outputEnded = true;
    leg.draining = true;
    leg.resumeReading();
    Runnable fin = () -> {
      if (!leg.isOpen() || leg.resetSent) {
        return;
      }
      if (leg.inputEnded) {
        closeLeg(connection, leg);
        return;
      }
      leg.shutdownOutput();
      leg.finSent = true;
      leg.schedule(() -> closeLeg(connection, leg), RelayConnection.DRAIN_MILLIS);
    };
    if (!leg.isRelaying()) {
      fin.run();
      return;
    }
    StalledFlushReset bound = new StalledFlushReset(connection, leg);
    flushThen(leg, () -> {
      bound.cancel();
      fin.run();
    });
    bound.start();
  }

  /**
   * Resets a socket whose orderly-close flush stopped moving. Every {@link RelayConnection#DRAIN_MILLIS}
   * it looks: the flush moves while the bytes queued for the socket go down, or the kernel sent data on
   * it since the last look (what the kernel buffers, often more than the queue, leaves only as the peer
   * reads); otherwise its peer is taken to have stopped reading.
   */
  private static final class StalledFlushReset implements Runnable {
    private final RelayConnection connection;
    private final Leg leg;
    private long queuedAtLastLook;
    private ScheduledFuture<?> next;
    private boolean cancelled;

    StalledFlushReset(RelayConnection connection, Leg leg) {
      this.connection = connection;
      this.leg = leg;
    }

    /** Call once the flush is queued; its completion may already have {@linkplain #cancel() cancelled} this. */
    void start() {
      if (!cancelled) {
        queuedAtLastLook = leg.queuedBytes();
        next = leg.schedule(this, RelayConnection.DRAIN_MILLIS);
      }
    }

    @Override
    public void run() {
      if (cancelled || leg.resetSent || !leg.isOpen()) {
        return;
      }
      long queued = leg.queuedBytes();
      long sinceDataSent = leg.millisSinceDataSent();
      if (queued < queuedAtLastLook || (sinceDataSent >= 0 && sinceDataSent < RelayConnection.DRAIN_MILLIS)) {
        queuedAtLastLook = queued;
        next = leg.schedule(this, RelayConnection.DRAIN_MILLIS);
      } else {
        resetNow(connection, leg); // its peer stopped taking what the gateway holds for it
      }
    }

    void cancel() {
      cancelled = true;
      if (next != null) {
        next.cancel(false);
      }
    }
  }

  /** Resets {@code leg} once every byte written to it so far has reached its socket, or after {@code boundMillis} at most. */
  static void flushThenReset(RelayConnection connection, Leg leg, long boundMillis) {
    if (leg.closing) {
      return;
    }
    startClosing(connection, leg);
    leg.outputEnded = true;
    ScheduledFuture<?> bound = leg.schedule(leg::reset, boundMillis);
    leg.resetSent = true;
    flushThen(leg, () -> {
      bound.cancel(false);
      leg.reset();
    });
  }

  /** Resets {@code leg} at once: what is queued for it is dropped. */
  static void resetNow(RelayConnection connection, Leg leg) {
    startClosing(connection, leg);
    leg.outputEnded = true;
    leg.resetSent = true;
    leg.reset();
  }

  static void closeLeg(RelayConnection connection, Leg leg) {
    startClosing(connection, leg);
    leg.close();
  }

  /** {@code leg} is closed or reset by the gateway from now on, and so the connection is closing. */
  private static void startClosing(RelayConnection connection, Leg leg) {
    leg.closing = true;
    connection.closing = true;
  }

  /** Both directions ended with FIN and every byte was delivered: close both sockets. */
  static void completeIfDone(RelayConnection connection) {
    Leg client = connection.client;
    Leg backend = connection.backend;
    if (client.finReceived && client.finSent && backend.finReceived && backend.finSent
        && !client.closing && !backend.closing) {
      closeLeg(connection, client);
      closeLeg(connection, backend);
    }
  }

  /** Sets the connection's close cause, unless one was set before (the first wins). */
  static void setCause(RelayConnection connection, CloseCause c) {
    if (connection.cause == null) {
      connection.cause = c;
    }
  }

  /**
   * The connection ended: its timers are cancelled, what it holds released, its byte counts added to the
   * route's, its sockets closed; the policies and the route are told, and the access log gets its line.
   */
  static void finish(RelayConnection connection, CloseCause c) {
    if (connection.finished) {
      return;
    }
    connection.finished = true;
    setCause(connection, c);
    connection.timers.values().forEach(t -> t.cancel(false));
    connection.timers.clear();
    Leg client = connection.client;
    Leg backend = connection.backend;
    ByteBuf early;
    while ((early = client.pollEarly()) != null) {
      early.release();
    }
    if (connection.backendMember != null) {
      connection.backendMember.release();
    }
    for (Leg leg : new Leg[] {client, backend}) {
      if (leg.bytesRead != leg.bytesReported) {
        connection.route.stats().addBytes(Direction.from(leg.side), leg.bytesRead - leg.bytesReported);
        leg.bytesReported = leg.bytesRead;
      }
    }
    if (client.isOpen()) {
      client.close();
    }
    if (backend.isOpen()) {
      backend.close();
    }
    if (connection.chain != null) {
      connection.chain.onClose(connection.cause);
    }
    connection.route.closed(connection);
    AccessLog.log(connection);
  }
}
