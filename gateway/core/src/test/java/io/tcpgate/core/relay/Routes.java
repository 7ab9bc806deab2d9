package io.tcpgate.core.relay;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.stream.Collectors;

/** Config snippets for relay tests: routes on ephemeral loopback ports, admin API off. */
final class Routes {
  private Routes() {
  }

  static String oneRoute(String name, List<InetSocketAddress> backends, String extra) {
    String list = backends.stream().map(a -> "\"127.0.0.1:" + a.getPort() + "\"").collect(Collectors.joining(", "));
    return "admin: { enabled: false }\n"
      + "routes:\n"
      + "  - name: " + name + "\n"
      + "    listen: 127.0.0.1:0\n"
      + "    backends: [ " + list + " ]\n"
      + (extra == null ? "" : extra);
  }

  static String oneRoute(InetSocketAddress backend) {
    return oneRoute("r", List.of(backend), null);
  }
}
