package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.Side;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.Future;

/**
 * {@code refuse}: resets each new client right after accepting it, before any backend connect, as a
 * port with nothing listening would; live connections are untouched. No attributes ({@code stream}
 * is ignored).
 */
public final class RefuseToxic implements ToxicFactory {
  @Override
  public String type() {
    return "refuse";
  }

  @Override
  public String description() {
    return "resets new clients at accept";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config);
    return new Toxic(s, false, (c, random) -> new Refusing(c));
  }

  private static final class Refusing implements ConnectionPolicy {
    private final ConnectionContext connection;

    Refusing(ConnectionContext connection) {
      this.connection = connection;
    }

    @Override
    public Future<Void> beforeBackendConnect() {
      connection.reset(Side.CLIENT, CloseCause.POLICY);
      return null;
    }
  }
}
