package io.tcpgate.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Finds a free TCP port on a host, for listeners configured with port 0. */
final class FreePort {
  private FreePort() {
  }

  static int on(String host) throws IOException {
    InetAddress address = "*".equals(host) ? InetAddress.getByName("0.0.0.0") : InetAddress.getByName(host);
    try (ServerSocket s = new ServerSocket(0, 1, address)) {
      return s.getLocalPort();
    }
  }
}
