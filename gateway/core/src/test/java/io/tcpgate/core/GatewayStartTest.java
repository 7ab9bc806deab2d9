package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting is all or nothing, and a taken address is named with its route. */
class GatewayStartTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aPortInUseNamesTheRouteAndAddressAndLeavesNothingListening() throws Exception {
    int free = FreePorts.freePort();
    try (EchoServer echo = new EchoServer();
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      String yaml = "admin: { enabled: false }\nroutes:\n"
        + "  - { name: first, listen: \"127.0.0.1:" + free + "\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n"
        + "  - { name: second, listen: \"127.0.0.1:" + taken.getLocalPort() + "\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n";
      assertThatThrownBy(() -> EmbeddedGateway.start(yaml))
        .isInstanceOf(Gateway.StartException.class)
        .hasMessageContaining("route 'second': cannot listen on 127.0.0.1:" + taken.getLocalPort())
        .hasMessageContaining("in use");
      try (ServerSocket again = new ServerSocket(free, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).as("route 'first' was stopped again").isEqualTo(free);
      }
    }
  }

  /**
   * A route that cannot listen early in a config of thousands fails the start as one of two would: the
   * routes after it are not tried, and the failure does not go through each of them in turn.
   */
  @Test
  void aPortInUseBeforeThousandsOfRoutesFailsTheStartNamingTheRoute() throws Exception {
    try (EchoServer echo = new EchoServer();
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringBuilder yaml = new StringBuilder("admin: { enabled: false }\nroutes:\n"
        + "  - { name: taken, listen: \"127.0.0.1:" + taken.getLocalPort() + "\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n");
      for (int i = 0; i < 5_000; i++) {
        yaml.append("  - { name: r").append(i).append(", listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:").append(echo.port()).append("\" ] }\n");
      }
      assertThatThrownBy(() -> EmbeddedGateway.start(yaml.toString()))
        .isInstanceOf(Gateway.StartException.class)
        .hasMessageContaining("route 'taken': cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aBackendGivenByNameIsResolvedAtConnectTime() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { enabled: false }\nroutes:\n"
           + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"localhost:" + echo.port() + "\" ] }\n");
         Socket c = Peers.connect(gw.address("r"), WAIT)) {
      byte[] msg = "by name".getBytes(StandardCharsets.US_ASCII);
      Peers.write(c, msg, WAIT);
      assertThat(Peers.readExactly(c, msg.length, WAIT)).isEqualTo(msg);
    }
  }

  @Test
  void theBuiltinEchoBackendEchoesAndAnswersFinWithFin() throws Exception {
    int port = FreePorts.freePort();
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { enabled: false }\n"
           + "builtin-backends: [ { type: echo, listen: \"127.0.0.1:" + port + "\" } ]\nroutes:\n"
           + "  - { name: echo, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + port + "\" ] }\n");
         Socket c = Peers.connect(gw.address("echo"), WAIT)) {
      byte[] msg = "hello echo".getBytes(StandardCharsets.US_ASCII);
      Peers.write(c, msg, WAIT);
      Peers.sendFin(c);
      assertThat(Peers.readToEof(c, WAIT)).isEqualTo(msg);
    }
  }

  @Test
  void theBuiltinEchoBackendEchoesMoreThanItBuffersAndThenAnswersTheFin() throws Exception {
    int port = FreePorts.freePort();
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { enabled: false }\n"
           + "builtin-backends: [ { type: echo, listen: \"127.0.0.1:" + port + "\" } ]\nroutes:\n"
           + "  - { name: echo, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + port + "\" ] }\n")) {
      InetSocketAddress[] targets = {new InetSocketAddress("127.0.0.1", port), gw.address("echo")};
      for (InetSocketAddress target : targets) {
        // 8 MiB: far more than the echo's 256 KiB bound, so it pauses reading while the FIN is on its way
        Payload payload = Payload.of(port, 8L << 20);
        try (Socket c = Peers.connect(target, WAIT)) {
          PendingWrite upload = Peers.writeAsyncThenFin(c, payload);
          StreamDigest echoed = new SlowReader(Long.MAX_VALUE).readToEof(c, WAIT);
          upload.await(WAIT);
          assertThat(echoed).as("the echo of %s from %s, then EOF", payload, target).isEqualTo(payload.digest());
        }
      }
    }
  }

  @Test
  void theAdminApiReportsRoutesAndTransport() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes:\n"
           + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + echo.port() + "\" ] }\n")) {
      int port = gw.gateway().adminPort();
      try (Socket http = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
        Peers.write(http, "GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII), WAIT);
        String reply = new String(Peers.readToEof(http, WAIT), StandardCharsets.UTF_8);
        assertThat(reply).startsWith("HTTP/1.0 200").contains("\"status\" : \"UP\"").contains("\"name\" : \"r\"")
          .contains("\"transport\" : \"" + gw.gateway().transport() + "\"");
      }
    }
  }
}
