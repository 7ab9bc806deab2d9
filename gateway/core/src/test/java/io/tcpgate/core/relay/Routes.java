package io.tcpgate.core.relay;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.Await;
import java.net.InetSocketAddress;
import java.time.Duration;
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

  /** The first live connection of route {@code route}, once there is one (within {@code timeout}). */
  static RelayConnection awaitConnection(EmbeddedGateway gw, String route, Duration timeout) {
    RelayConnection[] found = new RelayConnection[1];
    Await.until("a live connection on route " + route, timeout, () -> {
      for (RelayConnection c : gw.gateway().route(route).runtime().connections()) {
        found[0] = c;
        return true;
      }
      return false;
    });
    return found[0];
  }

  static String oneRoute(InetSocketAddress backend) {
    return oneRoute("r", List.of(backend), null);
  }
}
