package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code bandwidth}: passes its stream on at no more than {@code rate} KB/s (1 KB = 1000 bytes, as in
 * Toxiproxy); a chunk larger than 100 ms worth of bytes goes out in 100 ms pieces. 0 means unlimited.
 */
public final class BandwidthToxic implements ToxicFactory {
  @Override
  public String type() {
    return "bandwidth";
  }

  @Override
  public String description() {
    return "limits the stream to rate KB/s";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject(Map.of("rate", 0));
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "rate");
    long rate = s.integer("rate", 0, 0, Integer.MAX_VALUE);
    return new Toxic(s, true, (c, random) -> new Limiting(c, s, rate));
  }

  private static final class Limiting extends QueuedToxic {
    /** Bytes per millisecond (= KB/s); 0 is unlimited. */
    private long rate;

    Limiting(ConnectionContext connection, ToxicSettings s, long rate) {
      super(connection, s);
      this.rate = rate;
    }

    /** The new rate applies at once, to what is held too: it is paced again from now. */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      rate = ((Limiting) fresh).rate;
      queue.requeue(this::schedule); // unlimited now: what was held goes at once, and a held FIN follows it
    }

    @Override
    protected void schedule(Buffer chunk, DataSink next) {
      if (rate == 0) {
        queue.add(chunk, connection.nanoTime(), next);
        return;
      }
      long piece = Math.max(1, Math.min(Integer.MAX_VALUE, rate * 100));
      for (int from = 0; from < chunk.length(); from += (int) piece) {
        int to = (int) Math.min(chunk.length(), from + piece);
        long due = queue.lastDueNanos() + (to - from) * 1_000_000L / rate;
        queue.add(chunk.slice(from, to), due, next);
      }
    }
  }
}
