package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code slow_close}: holds the FIN of its stream for {@code delay} ms after every earlier byte went
 * out; bytes pass untouched. 0 passes the FIN on at once. Removed while holding it, it passes it on now.
 */
public final class SlowCloseToxic implements ToxicFactory {
  @Override
  public String type() {
    return "slow_close";
  }

  @Override
  public String description() {
    return "delays the FIN by delay ms";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject(Map.of("delay", 0));
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "delay");
    long delay = s.integer("delay", 0, 0, LatencyToxic.MAX_MILLIS);
    return new Toxic(s, true, (c, random) -> new FinHolder(c, s, delay));
  }

  /** Holds one direction's FIN on a timer; shared with {@code fin_delay}. */
  static final class FinHolder extends UpdatableToxic {
    private final Direction stream;
    private final ToxicTimer timer;
    private long delayMillis;
    private DataSink heldBy;
    private long heldSinceNanos;

    FinHolder(ConnectionContext connection, ToxicSettings settings, long delayMillis) {
      super(connection, settings);
      this.stream = settings.stream();
      this.delayMillis = delayMillis;
      this.timer = new ToxicTimer(connection);
    }

    /** A new delay applies to a FIN already held too, counted from when it arrived. */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      delayMillis = ((FinHolder) fresh).delayMillis;
      if (heldBy != null) {
        timer.startFrom(heldSinceNanos, delayMillis, this::release);
      }
    }

    @Override
    public boolean onFin(Direction direction, DataSink next) {
      if (direction != stream || delayMillis == 0) {
        return true;
      }
      heldBy = next;
      heldSinceNanos = connection.nanoTime();
      timer.start(delayMillis, this::release);
      return false;
    }

    private void release() {
      DataSink s = heldBy;
      heldBy = null;
      if (s != null) {
        s.end();
      }
    }

    @Override
    public void onRemoved(Direction direction, DataSink next) {
      timer.cancel();
      release();
    }
  }
}
