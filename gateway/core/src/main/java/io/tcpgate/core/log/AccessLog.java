package io.tcpgate.core.log;

import io.tcpgate.core.relay.RelayConnection;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per finished connection on the SLF4J logger {@code tcpgate.access} (level INFO; set it
 * to OFF to silence it). Written once per connection, when it ends, never per chunk.
 *
 * <p>Fields: {@code id}, {@code route}, {@code client}, {@code backend} (null when none was reached),
 * {@code start} (ISO-8601), {@code duration_ms}, {@code bytes_up} (client to backend),
 * {@code bytes_down}, {@code cause} (why it ended, e.g. {@code completed}, {@code client_reset}),
 * {@code client} / {@code backend} ending: what that side sent ({@code fin}, {@code rst},
 * {@code none}) and what the gateway sent it ({@code fin}, {@code rst}, {@code close}), and the
 * {@code policies} and {@code toxics} that acted on it.
 *
 * <p>The event loop only builds the line and queues it; a background thread hands the queued lines to
 * the logger in batches, {@link #BATCH_MILLIS} after the first of a batch, so no connection pays for a
 * thread wake-up or a write. At most {@link #MAX_PENDING} lines wait: beyond that lines are dropped
 * (and the count of dropped lines is logged as a warning) rather than slow the relay.
 */
public final class AccessLog {
  public static final String LOGGER = "tcpgate.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
  /** How long the writer waits after the first queued line before it writes the batch, ms. */
  static final long BATCH_MILLIS = 20;
  /** Lines that may wait for the writer; more are dropped. */
  static final int MAX_PENDING = 65_536;
  private static final Queue<String> PENDING = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger PENDING_COUNT = new AtomicInteger();
  private static final AtomicLong DROPPED = new AtomicLong();
  private static volatile Thread writer;

  private AccessLog() {
  }

  public static boolean enabled() {
    return LOG.isInfoEnabled();
  }

  /** Logs {@code c}, which has just ended: queues its line for the writer thread. */
  public static void log(RelayConnection c) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    String line = line(c).encode();
    int before = PENDING_COUNT.getAndIncrement();
    if (before >= MAX_PENDING) {
      PENDING_COUNT.decrementAndGet();
      DROPPED.incrementAndGet();
      return;
    }
    PENDING.offer(line);
    if (before == 0) {
      LockSupport.unpark(writer());
    }
  }

  /** Writes every queued line now, on the calling thread (before the process exits). */
  public static void flush() {
    writeQueued();
  }

  private static Thread writer() {
    Thread w = writer;
    if (w == null) {
      synchronized (AccessLog.class) {
        w = writer;
        if (w == null) {
          w = new Thread(AccessLog::writeForever, "tcpgate-access-log");
          w.setDaemon(true);
          w.start();
          try {
            Runtime.getRuntime().addShutdownHook(new Thread(AccessLog::flush, "tcpgate-access-log-flush"));
          } catch (IllegalStateException exiting) {
            // the first line came while the process exits: the writer still runs until it is gone
          }
          writer = w;
        }
      }
    }
    return w;
  }

  private static void writeForever() {
    while (true) {
      while (PENDING_COUNT.get() == 0) {
        LockSupport.park();
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(BATCH_MILLIS)); // let the batch gather
      writeQueued();
    }
  }

  private static synchronized void writeQueued() {
    String line;
    while ((line = PENDING.poll()) != null) {
      PENDING_COUNT.decrementAndGet();
      LOG.info(line);
    }
    long dropped = DROPPED.getAndSet(0);
    if (dropped > 0) {
      LoggerFactory.getLogger(AccessLog.class).warn("access log: {} line(s) dropped, the writer could not keep up", dropped);
    }
  }

  /** The JSON document logged for a finished connection. */
  public static JsonObject line(RelayConnection c) {
    long durationNanos = System.nanoTime() - c.startNanos();
    return new JsonObject()
      .put("id", c.id())
      .put("route", c.route())
      .put("client", String.valueOf(c.clientAddress()))
      .put("backend", c.backendAddress() == null ? null : c.backendAddress().toString())
      .put("start", Instant.ofEpochMilli(c.startEpochMillis()).toString())
      .put("duration_ms", durationNanos / 1_000_000)
      .put("bytes_up", c.bytes(Direction.UPSTREAM))
      .put("bytes_down", c.bytes(Direction.DOWNSTREAM))
      .put("cause", c.closeCause() == null ? null : c.closeCause().name().toLowerCase(Locale.ROOT))
      .put("client_sent", c.ending(Side.CLIENT).sent())
      .put("client_got", c.ending(Side.CLIENT).got())
      .put("backend_sent", c.ending(Side.BACKEND).sent())
      .put("backend_got", c.ending(Side.BACKEND).got())
      .put("policies", new JsonArray(c.actingPolicies()))
      .put("toxics", new JsonArray(c.policyNames()));
  }
}
