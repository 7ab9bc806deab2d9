package io.tcpgate.plugins.toxics;

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
 * {@code timeout}: drops every byte of its stream and closes the connection (FIN both ways) once
 * {@code timeout} ms pass without a chunk of it: the countdown starts when it starts acting and starts
 * again with each chunk it drops. 0 never closes: bytes are dropped until it is removed. Removed after
 * it dropped a byte, it closes the connection too (the stream has a hole).
 */
public final class TimeoutToxic implements ToxicFactory {
  @Override
  public String type() {
    return "timeout";
  }

  @Override
  public String description() {
    return "drops the stream's bytes, closes after timeout ms without any (0: never)";
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
    /** Start of the current countdown ({@code connection.nanoTime()}): acting start, update, or the last dropped chunk. */
    private long sinceNanos;

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
      sinceNanos = connection.nanoTime();
      if (timeoutMillis > 0) {
        timer.start(timeoutMillis, this::due);
      } else {
        timer.cancel();
      }
    }

    /** The countdown's first deadline: closes if no chunk came since it started, else waits out what is left. */
    private void due() {
      long leftMillis = timeoutMillis - (connection.nanoTime() - sinceNanos) / 1_000_000;
      if (leftMillis <= 0) {
        connection.close(CloseAction.FIN, CloseCause.POLICY);
      } else {
        timer.start(leftMillis, this::due);
      }
    }

    /** Each dropped chunk starts the countdown again, as Toxiproxy's does (the pending timer is moved when due). */
    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      dropped = true;
      sinceNanos = connection.nanoTime();
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
