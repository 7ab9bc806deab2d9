package io.tcpgate.plugins.toxics;

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
import java.util.Random;

/**
 * {@code packet_loss}: drops whole chunks of its stream at random: each with probability
 * {@code loss_rate} (0..1), or {@code loss_rate + correlation} (capped at 1) right after a dropped one,
 * giving bursts. 0 for both drops nothing. The stream stays a byte stream with holes: this models a
 * broken middlebox, not IP packet loss (which TCP would repair).
 */
public final class PacketLossToxic implements ToxicFactory {
  @Override
  public String type() {
    return "packet_loss";
  }

  @Override
  public String description() {
    return "drops chunks with probability loss_rate (+ correlation after a drop)";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject().put("loss_rate", 0.0).put("correlation", 0.0);
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "loss_rate", "correlation");
    double loss = s.number("loss_rate", 0, 0, 1);
    double correlation = s.number("correlation", 0, 0, 1);
    return new Toxic(s, true, (c, random) -> new Dropping(random, loss, correlation));
  }

  private static final class Dropping implements ConnectionPolicy {
    private final Random random;
    private final double loss;
    private final double correlation;
    private boolean lastDropped;

    Dropping(Random random, double loss, double correlation) {
      this.random = random;
      this.loss = loss;
      this.correlation = correlation;
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      double p = lastDropped ? Math.min(1.0, loss + correlation) : loss;
      lastDropped = random.nextDouble() < p;
      if (!lastDropped) {
        next.emit(chunk);
      }
      return null;
    }
  }
}
