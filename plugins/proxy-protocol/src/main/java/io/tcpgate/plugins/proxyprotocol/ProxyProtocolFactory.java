package io.tcpgate.plugins.proxyprotocol;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.ProblemText;

/**
 * Makes {@code proxy-protocol} policies: {@code { type: proxy-protocol, version: 2 }}. {@code version} is
 * 1 (text, the default) or 2 (binary); anything else is refused, naming what was given.
 * See {@link ProxyProtocolPolicy}.
 */
public final class ProxyProtocolFactory implements PolicyFactory {
  public static final String TYPE = "proxy-protocol";
  /** The version sent when none is given: 1, as nginx's {@code proxy_protocol on}. */
  public static final int DEFAULT_VERSION = 1;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "sends the backend a PROXY protocol header (version 1 text or 2 binary) with the client's address before its bytes";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("version");
    Object given = config.json().getValue("version");
    if (given == null) {
      return new ProxyProtocolPolicy(DEFAULT_VERSION);
    }
    if (given instanceof Number n && (n.doubleValue() == 1 || n.doubleValue() == 2)) {
      return new ProxyProtocolPolicy(n.intValue());
    }
    return config.invalid("version", "expected 1 (text) or 2 (binary), got " + ProblemText.value(given),
      new ProxyProtocolPolicy(DEFAULT_VERSION));
  }
}
