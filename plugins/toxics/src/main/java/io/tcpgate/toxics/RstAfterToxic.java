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
    private final ByteBudget budget;
    private final boolean byBytes;
    private final ToxicTimer timer;
    private boolean fired;

    Resetting(ConnectionContext connection, Direction stream, long bytes, long timeoutMillis) {
      this.connection = connection;
      this.stream = stream;
      this.byBytes = bytes > 0;
      this.budget = new ByteBudget(byBytes ? bytes : Long.MAX_VALUE);
      this.timeoutMillis = timeoutMillis;
      this.timer = new ToxicTimer(connection);
    }

    @Override
    public void onBackendConnected() {
      if (timeoutMillis > 0 || !byBytes) {
        timer.start(timeoutMillis, this::fire);
      }
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      if (!fired && budget.pass(chunk, next)) {
        fire();
      }
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
      timer.cancel();
    }
  }
}
