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
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code reset_peer}: resets the receiving socket of its stream (the client for {@code downstream})
 * {@code timeout} ms after it started acting, on its timer whether or not bytes flow; 0 resets at once.
 * The other side then follows the connection's reset translation (RST by default).
 */
public final class ResetPeerToxic implements ToxicFactory {
  @Override
  public String type() {
    return "reset_peer";
  }

  @Override
  public String description() {
    return "resets the connection after timeout ms (0: at once), traffic or not";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject(Map.of("timeout", 0));
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "timeout");
    long timeout = s.integer("timeout", 0, 0, LatencyToxic.MAX_MILLIS);
    return new Toxic(s, true, (c, random) -> new Resetting(c, s.stream(), timeout));
  }

  private static final class Resetting implements ConnectionPolicy {
    private final ConnectionContext connection;
    private final Direction stream;
    private final long timeoutMillis;
    private final ToxicTimer timer;

    Resetting(ConnectionContext connection, Direction stream, long timeoutMillis) {
      this.connection = connection;
      this.stream = stream;
      this.timeoutMillis = timeoutMillis;
      this.timer = new ToxicTimer(connection);
    }

    @Override
    public void onBackendConnected() {
      timer.start(timeoutMillis, () -> connection.reset(stream.sink(), CloseCause.POLICY));
    }

    @Override
    public void onRemoved(Direction direction, DataSink next) {
      timer.cancel();
    }
  }
}
