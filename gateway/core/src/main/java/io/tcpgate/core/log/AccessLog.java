package io.tcpgate.core.log;

import io.tcpgate.core.relay.RelayConnection;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
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
 */
public final class AccessLog {
  public static final String LOGGER = "tcpgate.access";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {
  }

  public static boolean enabled() {
    return LOG.isInfoEnabled();
  }

  /** Logs {@code c}, which has just ended. */
  public static void log(RelayConnection c) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    LOG.info(line(c).encode());
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
