package io.tcpgate.plugins.closesemantics;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;

/**
 * Decides what one side gets when the other resets its socket. With {@link CloseAction#FIN} every byte
 * the gateway already received from the resetting side is delivered before the FIN; with
 * {@link CloseAction#RST} (the default, faithful) the reset is passed on. The gateway does the work; with
 * both defaults this policy leaves no trace on the connection.
 *
 * @param backendReset what the client gets when the backend resets
 * @param clientReset what the backend gets when the client resets
 */
public record RstTranslationPolicy(CloseAction backendReset, CloseAction clientReset) implements Policy {

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    if (backendReset == CloseAction.RST && clientReset == CloseAction.RST) {
      return ConnectionPolicy.NONE;
    }
    return new ConnectionPolicy() {
      @Override
      public void onAccepted() {
        connection.translateReset(Side.BACKEND, backendReset);
        connection.translateReset(Side.CLIENT, clientReset);
      }
    };
  }
}
