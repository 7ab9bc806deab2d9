package io.tcpgate.toxics;

import io.tcpgate.spi.CloseAction;
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
import java.util.Map;

/**
 * {@code timeout}: drops every byte of its stream and closes the connection (FIN both ways)
 * {@code timeout} ms after it started acting; 0 never closes: bytes are dropped until it is removed.
 * Removed after it dropped a byte, it closes the connection too (the stream has a hole).
 */
public final class TimeoutToxic implements ToxicFactory {
  @Override
  public String type() {
    return "timeout";
  }

  @Override
  public String description() {
    return "drops the stream's bytes, closes after timeout ms (0: never)";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject(Map.of("timeout", 0));
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "timeout");
    long timeout = s.integer("timeout", 0, 0, LatencyToxic.MAX_MILLIS);
    return new Toxic(s, true, (c, random) -> new Blackhole(c, s, timeout));
  }

  private static final class Blackhole extends UpdatableToxic {
    private final ToxicTimer timer;
    private long timeoutMillis;
    /** Whether a byte was dropped: the stream then has a hole, and removing the toxic closes it. */
    private boolean dropped;
    private boolean removed;

    Blackhole(ConnectionContext connection, ToxicSettings settings, long timeoutMillis) {
      super(connection, settings);
      this.timeoutMillis = timeoutMillis;
      this.timer = new ToxicTimer(connection);
    }

    @Override
    public void onAccepted() {
      arm();
    }

    /** A new {@code timeout} starts counting at the update, as Toxiproxy's restarted toxic does. */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      timeoutMillis = ((Blackhole) fresh).timeoutMillis;
      arm();
    }

    private void arm() {
      if (timeoutMillis > 0) {
        timer.start(timeoutMillis, () -> connection.close(CloseAction.FIN, CloseCause.POLICY));
      } else {
        timer.cancel();
      }
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      dropped = true;
      return null; // dropped
    }

    /** Removed after it dropped bytes, it closes the connection (FIN both ways), as Toxiproxy's does: the stream cannot go on with a hole. */
    @Override
    public void onRemoved(Direction direction, DataSink next) {
      timer.cancel();
      if (dropped && !removed) {
        removed = true;
        connection.close(CloseAction.FIN, CloseCause.POLICY);
      }
    }
  }
}
