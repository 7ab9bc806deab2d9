package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Random;

/**
 * {@code latency}: delays every chunk of its stream by {@code latency} ms, plus or minus up to
 * {@code jitter} ms drawn per chunk; chunks keep their order (a chunk never overtakes an earlier one)
 * and the FIN follows the last chunk. 0 for both passes bytes on at once.
 */
public final class LatencyToxic implements ToxicFactory {
  /** Largest accepted delay, ms (one day). */
  static final long MAX_MILLIS = 86_400_000L;

  @Override
  public String type() {
    return "latency";
  }

  @Override
  public String description() {
    return "delays each chunk by latency ms +/- jitter ms";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject().put("latency", 0).put("jitter", 0);
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "latency", "jitter");
    long latency = s.integer("latency", 0, 0, MAX_MILLIS);
    long jitter = s.integer("jitter", 0, 0, MAX_MILLIS);
    return new Toxic(s, true, (c, random) -> new Delaying(c, s, random, latency, jitter));
  }

  private static final class Delaying extends QueuedToxic {
    private final Random random;
    private long latencyMillis;
    private long jitterMillis;

    Delaying(ConnectionContext connection, ToxicSettings s, Random random, long latencyMillis, long jitterMillis) {
      super(connection, s);
      this.random = random;
      this.latencyMillis = latencyMillis;
      this.jitterMillis = jitterMillis;
    }

    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      latencyMillis = ((Delaying) fresh).latencyMillis;
      jitterMillis = ((Delaying) fresh).jitterMillis;
    }

    @Override
    protected void schedule(Buffer chunk, DataSink next) {
      long delay = latencyMillis;
      if (jitterMillis > 0) {
        delay = Math.max(0, delay + random.nextLong(-jitterMillis, jitterMillis + 1));
      }
      queue.add(chunk, connection.nanoTime() + delay * 1_000_000L, next);
    }
  }
}
