package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;

/**
 * {@code noop}: passes everything unchanged. It touches no data, so a connection whose toxics are all
 * {@code noop} stays on the relay's fast path; a connection it acts on (match, toxicity) lists it among
 * its policies. No attributes.
 */
public final class NoopToxic implements ToxicFactory {
  /** Stateless: one instance serves every connection the toxic acts on. */
  private static final ConnectionPolicy PASSING = new ConnectionPolicy() { };

  @Override
  public String type() {
    return "noop";
  }

  @Override
  public String description() {
    return "passes everything unchanged";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config);
    return new Toxic(s, false, (c, random) -> PASSING);
  }
}
