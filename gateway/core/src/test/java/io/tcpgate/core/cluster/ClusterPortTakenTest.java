package io.tcpgate.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A cluster node whose {@code cluster.port} is taken (CLUSTER.md: "exactly this port (no
 * auto-increment)") does not start: the error names the cluster section and the address, and the
 * node leaves nothing listening.
 */
class ClusterPortTakenTest {
  private static final String HOST = "127.0.0.2";

  @Test
  void aTakenClusterPortFailsTheStartNamingTheClusterAddressAndLeavesNothingListening() throws Exception {
    List<Integer> ports = FreePorts.distinctFreePorts(HOST, 2); // the route's, the admin API's
    try (EchoServer backend = new EchoServer();
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      int clusterPort = taken.getLocalPort();
      String yaml = "admin: { host: " + HOST + ", port: " + ports.get(1) + " }\nreload: { scan-period: 0 }\nevent-loops: 1\n"
        + "cluster: { enabled: true, name: test-" + UUID.randomUUID() + ", host: " + HOST + ", port: " + clusterPort
        + ", members: [ \"" + HOST + ":" + clusterPort + "\" ] }\n"
        + "routes:\n" + TwoNodes.route("r", HOST, ports.get(0), backend.port());
      assertThatThrownBy(() -> EmbeddedGateway.start(yaml))
        .isInstanceOf(Gateway.StartException.class)
        .hasMessageContaining("cluster: cannot start this node's member on " + HOST + ":" + clusterPort)
        .hasMessageContaining("Port [" + clusterPort + "] is already in use")
        .satisfies(e -> System.out.println("start failed: " + e.getMessage()));
      for (int port : ports) {
        try (ServerSocket again = new ServerSocket()) {
          again.bind(new InetSocketAddress(HOST, port), 1);
          assertThat(again.getLocalPort()).as("nothing listens on %s:%d", HOST, port).isEqualTo(port);
        }
      }
      assertThat(taken.isClosed()).as("the port's holder is left alone").isFalse();
    }
  }
}
