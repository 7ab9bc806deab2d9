package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;

/**
 * {@code fin_drop}: swallows the FIN of its stream, so the receiving side never learns that the sender
 * finished (it waits for more bytes); bytes pass untouched. No attributes. Removed, it passes a
 * swallowed FIN on, so that removal loses nothing.
 */
public final class FinDropToxic implements ToxicFactory {
  @Override
  public String type() {
    return "fin_drop";
  }

  @Override
  public String description() {
    return "swallows the stream's FIN";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config);
    return new Toxic(s, true, (c, random) -> new Swallowing(s.stream()));
  }

  private static final class Swallowing implements ConnectionPolicy {
    private final Direction stream;
    private DataSink swallowed;

    Swallowing(Direction stream) {
      this.stream = stream;
    }

    @Override
    public boolean onFin(Direction direction, DataSink next) {
      if (direction != stream) {
        return true;
      }
      swallowed = next;
      return false;
    }

    @Override
    public void onRemoved(Direction direction, DataSink next) {
      if (swallowed != null) {
        swallowed = null;
        next.end();
      }
    }
  }
}
