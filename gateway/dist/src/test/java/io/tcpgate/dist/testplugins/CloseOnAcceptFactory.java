package io.tcpgate.dist.testplugins;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * A plugin that exists only in test code, found like any other through this module's test
 * {@code META-INF/services}: {@code { type: test-close-on-accept, action: rst }} closes every new
 * connection at once with {@code action} (required).
 */
public final class CloseOnAcceptFactory implements PolicyFactory {
  @Override
  public String type() {
    return "test-close-on-accept";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("action");
    CloseAction action = config.closeAction("action", null);
    if (action == null) {
      throw new InvalidPolicyConfigException("action", "missing; expected fin or rst");
    }
    return (ConnectionContext connection) -> new ConnectionPolicy() {
      @Override
      public void onAccepted() {
        connection.close(action, CloseCause.POLICY);
      }
    };
  }
}
