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
 * {@code limit_data}: passes exactly {@code bytes} bytes of its stream (counted from when it started
 * acting), then closes the connection with FIN both ways after they are delivered. It acts on chunks
 * only: with 0 an idle connection stays open, and the stream's first chunk closes it, dropped.
 */
public final class LimitDataToxic implements ToxicFactory {
  @Override
  public String type() {
    return "limit_data";
  }

  @Override
  public String description() {
    return "closes the connection after bytes bytes";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject(Map.of("bytes", 0));
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "bytes");
    long limit = s.integer("bytes", 0, 0, Long.MAX_VALUE);
    return new Toxic(s, true, (c, random) -> new Limiting(c, s, limit));
  }

  private static final class Limiting extends UpdatableToxic {
    private final ByteBudget budget;
    private boolean closed;

    Limiting(ConnectionContext connection, ToxicSettings settings, long limit) {
      super(connection, settings);
      this.budget = new ByteBudget(limit);
    }

    /**
     * A new {@code bytes} counts what already passed: a limit that bytes already passed reach closes the
     * connection at once; with nothing passed yet, a limit of 0 waits for a chunk, as a new toxic does.
     */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      boolean spent = budget.exhausted();
      budget.changeLimit(((Limiting) fresh).budget.limit());
      if (!spent && budget.exhausted() && budget.passed() > 0) {
        close();
      }
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      if (budget.exhausted() || budget.pass(chunk, next)) {
        close(); // a chunk over a spent budget is dropped (with 0: the first chunk)
      }
      return null;
    }

    private void close() {
      if (!closed) {
        closed = true;
        connection.close(CloseAction.FIN, CloseCause.POLICY);
      }
    }
  }
}
