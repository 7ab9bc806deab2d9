package io.tcpgate.toxics;

import io.tcpgate.spi.CloseAction;
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
import java.util.Map;

/**
 * {@code timeout}: drops every byte of its stream and closes the connection (FIN both ways)
 * {@code timeout} ms after it started acting; 0 never closes: bytes are dropped until it is removed.
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
    return new Toxic(s, true, (c, random) -> new Blackhole(c, timeout));
  }

  private static final class Blackhole implements ConnectionPolicy {
    private final ConnectionContext connection;
    private final long timeoutMillis;
    private final ToxicTimer timer;

    Blackhole(ConnectionContext connection, long timeoutMillis) {
      this.connection = connection;
      this.timeoutMillis = timeoutMillis;
      this.timer = new ToxicTimer(connection);
    }

    @Override
    public void onAccepted() {
      if (timeoutMillis > 0) {
        timer.start(timeoutMillis, () -> connection.close(CloseAction.FIN, CloseCause.POLICY));
      }
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      return null; // dropped
    }

    @Override
    public void onRemoved(Direction direction, DataSink next) {
      timer.cancel();
    }
  }
}
