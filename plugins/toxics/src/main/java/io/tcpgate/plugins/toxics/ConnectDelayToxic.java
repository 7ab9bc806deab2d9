package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

/**
 * {@code connect_delay}: holds the backend connect of each new connection for {@code delay} ms (the
 * client is accepted at once; what it sends meanwhile is held and relayed after). 0 does nothing.
 * It acts on new connections only; removing it ends the holds already started (those connect at once).
 */
public final class ConnectDelayToxic implements ToxicFactory {
  @Override
  public String type() {
    return "connect_delay";
  }

  @Override
  public String description() {
    return "holds the backend connect for delay ms";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject().put("delay", 0);
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "delay");
    long delay = s.integer("delay", 0, 0, LatencyToxic.MAX_MILLIS);
    return new Toxic(s, false, (c, random) -> new Holding(c, s, delay));
  }

  private static final class Holding extends UpdatableToxic {
    private final ToxicTimer timer;
    private long delayMillis;
    private final Promise<Void> go = Promise.promise();
    private boolean holding;
    private long heldSinceNanos;

    Holding(ConnectionContext connection, ToxicSettings settings, long delayMillis) {
      super(connection, settings);
      this.delayMillis = delayMillis;
      this.timer = new ToxicTimer(connection);
    }

    @Override
    public Future<Void> beforeBackendConnect() {
      if (delayMillis == 0) {
        return null;
      }
      holding = true;
      heldSinceNanos = connection.nanoTime();
      timer.start(delayMillis, go::tryComplete);
      return go.future();
    }

    /** A new delay applies to a connect already held too, counted from when it began to be held. */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      delayMillis = ((Holding) fresh).delayMillis;
      if (holding && !go.future().isComplete()) {
        timer.startFrom(heldSinceNanos, delayMillis, go::tryComplete);
      }
    }

    @Override
    public void onRemoved() {
      go.tryComplete();
    }
  }
}
