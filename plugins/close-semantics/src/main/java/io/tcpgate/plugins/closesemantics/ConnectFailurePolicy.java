package io.tcpgate.plugins.closesemantics;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;

/**
 * Decides what the client gets when no backend of the route can be reached (every backend refused,
 * timed out or failed to resolve): {@link CloseAction#FIN} (what the client sent is read and discarded,
 * then FIN) or {@link CloseAction#RST}. It overrides the route's {@code connect-failure} field for the
 * connections it applies to.
 *
 * @param action what the client gets
 */
public record ConnectFailurePolicy(CloseAction action) implements Policy {

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    return new ConnectionPolicy() {
      @Override
      public void onAccepted() {
        connection.connectFailureAction(action);
      }
    };
  }
}
