package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
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
    return new Toxic(s, true, (c, random) -> new Resetting(c, s, bytes, timeout));
  }

  private static final class Resetting extends UpdatableToxic {
    private final Direction stream;
    private final ByteBudget budget;
    private final ToxicTimer timer;
    private boolean byBytes;
    private long timeoutMillis;
    /** When the timeout started counting ({@code connection.nanoTime()}); -1 before the backend connected. */
    private long startedNanos = -1;
    private boolean fired;

    Resetting(ConnectionContext connection, ToxicSettings settings, long bytes, long timeoutMillis) {
      super(connection, settings);
      this.stream = settings.stream();
      this.byBytes = bytes > 0;
      this.budget = new ByteBudget(byBytes ? bytes : Long.MAX_VALUE);
      this.timeoutMillis = timeoutMillis;
      this.timer = new ToxicTimer(connection);
    }

    /**
     * New {@code bytes} count what already passed (a limit now reached resets at once); a new
     * {@code timeout} counts from when the toxic started acting on this connection.
     */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      Resetting next = (Resetting) fresh;
      byBytes = next.byBytes;
      budget.changeLimit(next.budget.limit());
      timeoutMillis = next.timeoutMillis;
      if (fired || startedNanos < 0) {
        return;
      }
      if (budget.exhausted()) {
        fire();
      } else {
        armTimer();
      }
    }

    @Override
    public void onBackendConnected() {
      startedNanos = connection.nanoTime();
      armTimer();
    }

    private void armTimer() {
      if (timeoutMillis > 0 || !byBytes) {
        timer.startFrom(startedNanos, timeoutMillis, this::fire);
      } else {
        timer.cancel();
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
        timer.cancel();
        connection.reset(stream.sink(), CloseCause.POLICY);
      }
    }

    @Override
    public void onRemoved(Direction direction, DataSink next) {
      timer.cancel();
    }
  }
}
