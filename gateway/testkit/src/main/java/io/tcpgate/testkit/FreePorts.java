package io.tcpgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds a TCP port on 127.0.0.1 that was free a moment ago, for configs that need a port number
 * before the listener exists; another process may take it in between, so prefer binding to port
 * 0 where the code under test allows it.
 */
public final class FreePorts {

  private FreePorts() {}

  /** A TCP port number (1 to 65535) that was free on 127.0.0.1 when this returned. */
  public static int freePort() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(Loopback.address(0), 1);
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /**
   * {@code n} different TCP port numbers that were free on {@code host} when this returned (all probed
   * at once, so no number comes twice, as separate {@link #freePort()} calls may).
   */
  public static List<Integer> distinctFreePorts(String host, int n) {
    List<ServerSocket> probes = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ServerSocket probe = new ServerSocket();
        probes.add(probe);
        probe.setReuseAddress(true);
        probe.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 1);
        ports.add(probe.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no " + n + " free ports on " + host, e);
    } finally {
      probes.forEach(Peers::closeQuietly);
    }
  }

  /** {@code 127.0.0.1:}{@link #freePort()}. */
  public static InetSocketAddress freeAddress() {
    return Loopback.address(freePort());
  }
}
