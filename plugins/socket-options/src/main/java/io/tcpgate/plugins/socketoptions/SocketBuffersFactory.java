package io.tcpgate.plugins.socketoptions;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * Makes {@code socket-buffers} policies: {@code { type: socket-buffers, client-receive: 1m,
 * client-send: 1m, backend-receive: 1m, backend-send: 1m }} (each optional, at least one; sizes in
 * bytes or with k/m). See {@link SocketBuffersPolicy}.
 */
public final class SocketBuffersFactory implements PolicyFactory {
  public static final String TYPE = "socket-buffers";
  /** Smallest size accepted, bytes (the kernel's own floor is about half of it). */
  static final long MIN_BYTES = 4 * 1024;
  /** Largest size accepted, bytes (the kernel caps it further at net.core.rmem_max / wmem_max). */
  static final long MAX_BYTES = 64L * 1024 * 1024;
  private static final String[] FIELDS = {"client-receive", "client-send", "backend-receive", "backend-send"};

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String description() {
    return "SO_RCVBUF / SO_SNDBUF per side, in place of the kernel's autotuning";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly(FIELDS);
    int[] sizes = new int[FIELDS.length];
    boolean any = false;
    for (int i = 0; i < FIELDS.length; i++) {
      sizes[i] = (int) config.bytes(FIELDS[i], 0, MIN_BYTES, MAX_BYTES);
      any |= sizes[i] > 0;
    }
    if (!any && config.valid(FIELDS)) {
      config.invalid(FIELDS[0], "missing: set at least one of " + String.join(", ", FIELDS), null);
    }
    return new SocketBuffersPolicy(sizes[0], sizes[1], sizes[2], sizes[3]);
  }
}
