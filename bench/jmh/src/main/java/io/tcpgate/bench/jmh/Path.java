package io.tcpgate.bench.jmh;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.ConfigException;
import io.tcpgate.testkit.OneRouteConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The way a benchmark client reaches its backend, by the name used in the benchmarks' {@code path}
 * parameter, and the client socket on it:
 * <ul>
 *   <li>{@code direct}: straight to the backend (the baseline: no gateway);</li>
 *   <li>{@code relay}: through a gateway route with no policy (the fast path);</li>
 *   <li>{@code passthrough}: through a route with one data-touching policy that does nothing
 *       ({@code bench-passthrough}) on the upstream stream (the policy path);</li>
 *   <li>{@code latency0}: through a route with the {@code latency} toxic, latency 0, on the upstream
 *       stream (the policy path plus a timer per chunk: the toxic emits from a 0 ms timer).</li>
 * </ul>
 * The gateway runs in-process (native epoll, as the distribution does), on loopback.
 */
final class Path implements AutoCloseable {
  /** Longest any single read or write of a benchmark client blocks before the benchmark fails. */
  static final int SOCKET_TIMEOUT_MS = 10_000;

  private final LoopbackBackend backend;
  private final EmbeddedGateway gateway;
  final Socket socket;

  Path(String path, LoopbackBackend.Mode mode) throws IOException, ConfigException {
    backend = new LoopbackBackend(mode);
    EmbeddedGateway gw = null;
    InetSocketAddress target;
    try {
      if ("direct".equals(path)) {
        target = backend.address();
      } else {
        gw = EmbeddedGateway.start(config(path, backend.address()));
        target = gw.address(OneRouteConfig.ROUTE);
      }
      gateway = gw;
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(SOCKET_TIMEOUT_MS);
      socket.connect(target, SOCKET_TIMEOUT_MS);
    } catch (IOException | ConfigException | RuntimeException e) {
      if (gw != null) {
        gw.close();
      }
      backend.close();
      throw e;
    }
  }

  static String config(String path, InetSocketAddress backend) {
    OneRouteConfig c = OneRouteConfig.to(backend);
    switch (path) {
      case "relay":
        break;
      case "passthrough":
        c.policy("type: bench-passthrough, stream: upstream");
        break;
      case "latency0":
        c.route("toxics", "[ { name: lat0, type: latency, stream: upstream, attributes: { latency: 0, jitter: 0 } } ]");
        break;
      default:
        throw new IllegalArgumentException("unknown path '" + path + "'");
    }
    return c.yaml();
  }

  @Override
  public void close() throws IOException {
    try {
      socket.close();
    } finally {
      try {
        if (gateway != null) {
          gateway.close();
        }
      } finally {
        backend.close();
      }
    }
  }
}
