package io.tcpgate.plugins.closesemantics;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * Makes {@code connect-failure} policies: {@code { type: connect-failure, action: rst }}.
 * See {@link ConnectFailurePolicy}.
 */
public final class ConnectFailureFactory implements PolicyFactory {
  public static final String TYPE = "connect-failure";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "what the client gets when no backend can be reached: fin or rst";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("action");
    config.required("action", "fin or rst");
    return new ConnectFailurePolicy(config.closeAction("action", null));
  }
}
