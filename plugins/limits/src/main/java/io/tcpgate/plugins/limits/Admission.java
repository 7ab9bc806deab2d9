package io.tcpgate.plugins.limits;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import java.net.InetAddress;

/**
 * One connection's place under a {@link MaxConnectionsPolicy}: taken when accepted (or when the policy is
 * added to the live connection), given back when closed (or when the policy is taken off it).
 */
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

  /** Added to a live connection (a run-time toxic): it counts from now on, but is never refused. */
  @Override
  public void onAdded() {
    limits.countIn(client);
    admitted = true;
  }

  /** Taken off a live connection (a run-time toxic removed or replaced): its place is given back. */
  @Override
  public void onRemoved() {
    giveBack();
  }

  @Override
  public void onClose(CloseCause cause) {
    giveBack();
  }

  private void giveBack() {
    if (admitted) {
      admitted = false;
      limits.release(client);
    }
  }
}
