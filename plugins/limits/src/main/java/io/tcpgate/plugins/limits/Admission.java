package io.tcpgate.plugins.limits;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import java.net.InetAddress;

/** One connection's place under a {@link MaxConnectionsPolicy}: taken when accepted, given back when closed. */
final class Admission implements ConnectionPolicy {
  private final MaxConnectionsPolicy limits;
  private final ConnectionContext connection;
  private final InetAddress client;
  private boolean admitted;

  Admission(MaxConnectionsPolicy limits, ConnectionContext connection, InetAddress client) {
    this.limits = limits;
    this.connection = connection;
    this.client = client;
  }

  @Override
  public void onAccepted() {
    admitted = limits.admit(client);
    if (!admitted) {
      connection.close(limits.action(), CloseCause.LIMIT);
    }
  }

  @Override
  public void onClose(CloseCause cause) {
    if (admitted) {
      admitted = false;
      limits.release(client);
    }
  }
}
