package io.tcpgate.plugins.closesemantics;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * Makes {@code rst-translation} policies: {@code { type: rst-translation, backend-reset: fin, client-reset: rst }}.
 * See {@link RstTranslationPolicy} for what each field means.
 */
public final class RstTranslationFactory implements PolicyFactory {
  public static final String TYPE = "rst-translation";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "what one side gets when the other resets: rst (faithful) or fin (bytes first, then FIN)";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("backend-reset", "client-reset");
    return new RstTranslationPolicy(config.closeAction("backend-reset", CloseAction.RST), config.closeAction("client-reset", CloseAction.RST));
  }
}
