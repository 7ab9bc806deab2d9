package io.tcpgate.toxics;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * {@code rst_after}: resets the receiving side of its stream once {@code bytes} bytes of it have passed
 * (exactly that many are delivered), or {@code timeout} ms after it started acting, whichever comes
 * first. 0 disables that trigger; both 0 resets at once.
 */
public final class RstAfterToxic implements ToxicFactory {
  @Override
  public String type() {
    return "rst_after";
  }

  @Override
  public String description() {
    return "resets after bytes bytes or timeout ms";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject().put("bytes", 0).put("timeout", 0);
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "bytes", "timeout");
    long bytes = s.integer("bytes", 0, 0, Long.MAX_VALUE);
    long timeout = s.integer("timeout", 0, 0, LatencyToxic.MAX_MILLIS);
    return new Toxic(s, true, (c, random) -> new Resetting(c, s.stream(), bytes, timeout));
  }

  private static final class Resetting implements ConnectionPolicy {
    private final ConnectionContext connection;
    private final Direction stream;
    private final long timeoutMillis;
    private long remaining;
    private long timer = -1;
    private boolean fired;

    Resetting(ConnectionContext connection, Direction stream, long bytes, long timeoutMillis) {
      this.connection = connection;
      this.stream = stream;
      this.remaining = bytes == 0 ? Long.MAX_VALUE : bytes;
      this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void onBackendConnected() {
      if (timeoutMillis > 0 || remaining == Long.MAX_VALUE) {
        timer = connection.setTimer(timeoutMillis, this::fire);
      }
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      if (fired) {
        return null;
      }
      if (chunk.length() < remaining) {
        remaining -= chunk.length();
        next.emit(chunk);
        return null;
      }
      next.emit(chunk.length() == remaining ? chunk : chunk.slice(0, (int) remaining).copy());
      fire();
      return null;
    }

    private void fire() {
      if (!fired) {
        fired = true;
        connection.reset(stream.sink(), CloseCause.POLICY);
      }
    }

    @Override
    public void onRemoved(Direction direction, DataSink next) {
      if (timer >= 0) {
        connection.cancelTimer(timer);
      }
    }
  }
}
