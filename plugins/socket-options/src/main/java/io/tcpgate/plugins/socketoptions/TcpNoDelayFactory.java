package io.tcpgate.plugins.socketoptions;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * Makes {@code tcp-nodelay} policies: {@code { type: tcp-nodelay, client: true, backend: false }}.
 * See {@link TcpNoDelayPolicy}.
 */
public final class TcpNoDelayFactory implements PolicyFactory {
  public static final String TYPE = "tcp-nodelay";

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "TCP_NODELAY per side: true sends small writes at once, false lets Nagle's algorithm coalesce them";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("client", "backend");
    if (!config.has("client") && !config.has("backend")) {
      config.invalid("client", "missing: set client, backend or both to true or false", null);
    }
    Boolean client = config.has("client") ? config.bool("client", true) : null;
    Boolean backend = config.has("backend") ? config.bool("backend", true) : null;
    return new TcpNoDelayPolicy(client, backend);
  }
}
