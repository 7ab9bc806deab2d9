package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;

/**
 * {@code fin_to_rst}: turns the FIN of its stream into a reset of the receiving side (the client for
 * {@code downstream}), as a peer that aborts instead of closing would; the other side then follows the
 * connection's reset translation. No attributes.
 */
public final class FinToRstToxic implements ToxicFactory {
  @Override
  public String type() {
    return "fin_to_rst";
  }

  @Override
  public String description() {
    return "turns the stream's FIN into a RST";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config);
    return new Toxic(s, true, (c, random) -> new Aborting(c, s.stream()));
  }

  private static final class Aborting implements ConnectionPolicy {
    private final ConnectionContext connection;
    private final Direction stream;

    Aborting(ConnectionContext connection, Direction stream) {
      this.connection = connection;
      this.stream = stream;
    }

    @Override
    public boolean onFin(Direction direction, DataSink next) {
      if (direction != stream) {
        return true;
      }
      connection.reset(stream.sink(), CloseCause.POLICY);
      return false;
    }
  }
}
