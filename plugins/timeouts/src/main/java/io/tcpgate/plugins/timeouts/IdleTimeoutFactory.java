package io.tcpgate.plugins.timeouts;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.Durations;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * Makes {@code idle-timeout} policies: {@code { type: idle-timeout, timeout: 5m, half-closed-timeout: 30s, action: fin }}.
 * See {@link IdleTimeoutPolicy} for what each field means.
 */
public final class IdleTimeoutFactory implements PolicyFactory {
  public static final String TYPE = "idle-timeout";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "closes a connection that carried no bytes in either direction for a while (fin or rst)";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("timeout", "half-closed-timeout", "action");
    config.required("timeout", Durations.EXPECTED + " (0 = no limit while both directions are open)");
    long timeout = config.durationMillis("timeout", 0, 0);
    long halfClosed = config.durationMillis("half-closed-timeout", timeout, 0);
    CloseAction action = config.closeAction("action", CloseAction.FIN);
    if (timeout == 0 && halfClosed == 0 && config.valid("timeout", "half-closed-timeout")) {
      config.invalid("timeout", "is 0 and so is half-closed-timeout: the policy would never fire;"
        + " give at least one of them a duration", null);
    }
    return new IdleTimeoutPolicy(timeout, halfClosed, action);
  }
}
