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
 * {@code slicer}: cuts every chunk into slices of about {@code average_size} bytes, varying by up to
 * {@code size_variation} bytes (so no slice exceeds their sum), and sends them {@code delay} µs apart,
 * the first slice of a chunk too after the last of the chunk before (as Toxiproxy waits after each slice).
 * A chunk no larger than {@code average_size + size_variation} stays whole; delay 0 sends slices at once.
 * Each slice is its own write, as in Toxiproxy; slices due within the same ms (a delay under 1000 µs)
 * go out together, one write each. A held chunk is kept whole and a slice cut out only when it is due.
 * An update cuts what it holds again under the new attributes, sent from then on (delay 0: at once).
 */
public final class SlicerToxic implements ToxicFactory {
  @Override
  public String type() {
    return "slicer";
  }

  @Override
  public String description() {
    return "slices chunks into average_size +/- size_variation bytes, delay us apart";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject().put("average_size", 1).put("size_variation", 0).put("delay", 0);
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "average_size", "size_variation", "delay");
    long average = s.integer("average_size", 1, 1, Integer.MAX_VALUE);
    long variation = s.integer("size_variation", 0, 0, Integer.MAX_VALUE);
    if (variation >= average && s.valid("average_size", "size_variation")) {
      s.invalid("size_variation", "must be less than average_size (" + average + "), got " + variation, null);
    }
    long delayMicros = s.integer("delay", 0, 0, LatencyToxic.MAX_MILLIS * 1000);
    return new Toxic(s, true, (c, random) -> new Slicing(c, s, random, (int) average, (int) variation, delayMicros));
  }

  private static final class Slicing extends QueuedToxic {
    private final Random random;
    private int average;
    private int variation;
    private long delayNanos;

    Slicing(ConnectionContext connection, ToxicSettings s, Random random, int average, int variation, long delayMicros) {
      super(connection, s);
      this.random = random;
      this.average = average;
      this.variation = variation;
      this.delayNanos = delayMicros * 1000;
    }

    /**
     * What is held is cut again under the new attributes in one pass and sent from now, {@code delay}
     * apart, the first slice at once; with delay 0 it goes on at once, as one write.
     */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      Slicing f = (Slicing) fresh;
      if (f.average == average && f.variation == variation && f.delayNanos == delayNanos) {
        return; // nothing changed: what is held keeps its schedule
      }
      average = f.average;
      variation = f.variation;
      delayNanos = f.delayNanos;
      queue.requeue(delayNanos == 0 ? (held, next) -> queue.add(held, connection.nanoTime(), next) : this::schedule);
    }

    /** The chunk is held whole; its slices are cut out as each is due, {@code delay} after the one before. */
    @Override
    protected void schedule(Buffer chunk, DataSink next) {
      queue.addSliced(chunk, new SliceCut(chunk.length(), average, variation, random), delayNanos, next);
    }
  }
}
