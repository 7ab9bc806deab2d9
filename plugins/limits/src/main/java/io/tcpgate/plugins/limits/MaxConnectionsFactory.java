package io.tcpgate.plugins.limits;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * Makes {@code max-connections} policies: {@code { type: max-connections, max: 10000, per-client: 100,
 * action: rst }}. See {@link MaxConnectionsPolicy}.
 */
public final class MaxConnectionsFactory implements PolicyFactory {
  public static final String TYPE = "max-connections";
  /** Largest {@code max} and {@code per-client}. */
  static final long MAX_LIMIT = Integer.MAX_VALUE;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "limits live connections per route (and per client address); new clients over it are refused with fin or rst";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("max", "per-client", "action");
    config.required("max", "a whole number of connections from 1 to " + MAX_LIMIT);
    int max = (int) config.integer("max", 0, 1, MAX_LIMIT);
    int perClient = (int) config.integer("per-client", 0, 0, MAX_LIMIT);
    CloseAction action = config.closeAction("action", CloseAction.FIN);
    return new MaxConnectionsPolicy(max, perClient, action);
  }
}
