package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;

/**
 * Per-connection base of the toxics whose attributes an update changes in place: what the instance
 * holds and counts stays; the connection is not rolled again (an update of toxicity, match, seed or
 * stream replaces the instance instead, see {@link Toxic#successor}).
 */
abstract class UpdatableToxic implements ConnectionPolicy {
  protected final ConnectionContext connection;
  private ToxicSettings settings;

  UpdatableToxic(ConnectionContext connection, ToxicSettings settings) {
    this.connection = connection;
    this.settings = settings;
  }

  /** Takes the attributes of {@code fresh}, an instance of this class the updated toxic opened for this connection. */
  protected abstract void takeSettings(UpdatableToxic fresh);

  @Override
  public final boolean update(Policy next) {
    UpdatableToxic fresh = Toxic.successor(next, settings, connection, getClass());
    if (fresh == null) {
      return false;
    }
    settings = fresh.settings;
    takeSettings(fresh);
    return true;
  }
}
