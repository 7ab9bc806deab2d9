package io.tcpgate.plugins.socketoptions;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.ProblemText;

/**
 * Makes {@code keep-alive} policies: {@code { type: keep-alive, client: true, backend: true, idle: 60s,
 * interval: 10s, count: 5 }}. See {@link KeepAlivePolicy}.
 */
public final class KeepAliveFactory implements PolicyFactory {
  public static final String TYPE = "keep-alive";
  /** Largest TCP_KEEPIDLE and TCP_KEEPINTVL Linux accepts, seconds. */
  static final long MAX_SECONDS = 32_767;
  /** Largest TCP_KEEPCNT Linux accepts. */
  static final long MAX_COUNT = 127;

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "SO_KEEPALIVE per side, with idle, interval and count where the transport allows";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("client", "backend", "idle", "interval", "count");
    return new KeepAlivePolicy(config.bool("client", true), config.bool("backend", true),
      seconds(config, "idle"), seconds(config, "interval"), (int) config.integer("count", 0, 0, MAX_COUNT));
  }

  /** A duration in whole seconds (the unit of the kernel's keep-alive options); 0 keeps the system's. */
  private static int seconds(PolicyConfig config, String field) throws InvalidPolicyConfigException {
    long ms = config.durationMillis(field, 0, 0);
    if (ms % 1000 != 0 || ms / 1000 > MAX_SECONDS) {
      return config.invalid(field, "expected whole seconds from 0 to " + MAX_SECONDS + " (the kernel counts keep-alive"
        + " times in seconds), got " + ProblemText.value(config.json().getValue(field)), 0);
    }
    return (int) (ms / 1000);
  }
}
