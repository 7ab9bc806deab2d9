package io.tcpgate.plugins.closesemantics;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.HalfCloseMode;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import java.util.Locale;

/**
 * Makes {@code half-close} policies: {@code { type: half-close, mode: propagate, timeout: 30s, action: fin }}.
 * See {@link HalfClosePolicy} for what each field means.
 */
public final class HalfCloseFactory implements PolicyFactory {
  public static final String TYPE = "half-close";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "what a FIN does: propagate (the other direction flows on) or close (both sides close)";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("mode", "timeout", "action");
    HalfCloseMode mode = HalfCloseMode.valueOf(config.choice("mode", "propagate", "propagate", "close").toUpperCase(Locale.ROOT));
    long timeout = config.durationMillis("timeout", 0, 0);
    CloseAction action = config.closeAction("action", CloseAction.FIN);
    if (mode == HalfCloseMode.CLOSE && timeout > 0) {
      config.invalid("timeout", "applies to mode propagate only: with mode close the first FIN already closes both sides", null);
    }
    return new HalfClosePolicy(mode, timeout, action);
  }
}
