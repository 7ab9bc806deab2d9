package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.UnreachableBackends;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With the built-in plugins on the class path, as the launcher runs: after FINs, RSTs, an idle timeout
 * and a refused backend, every counter on /metrics has its exact value.
 */
class MetricsScrapeTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void everyCloseCauseIsCountedExactlyOnce() throws Exception {
    byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
    try (ScriptedBackend echo = new ScriptedBackend(Behaviour.echo());
         UnreachableBackends down = new UnreachableBackends()) {
      String yaml = "admin: { host: 127.0.0.1, port: 0 }\nroutes:\n"
        + "  - name: app\n    listen: \"127.0.0.1:0\"\n    backends: [ \"127.0.0.1:" + echo.port() + "\" ]\n"
        + "    policies: [ { type: idle-timeout, timeout: 300ms, action: fin } ]\n"
        + "  - { name: down, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + down.refused().getPort() + "\" ] }\n";
      try (EmbeddedGateway gw = EmbeddedGateway.start(yaml)) {
        for (int i = 0; i < 2; i++) { // two clean FIN/FIN exchanges
          try (Socket c = Peers.connect(gw.address("app"), WAIT)) {
            Peers.write(c, hello, WAIT);
            Peers.sendFin(c);
            assertThat(Peers.readToEof(c, WAIT)).isEqualTo(hello);
          }
        }
        Socket reset = Peers.connect(gw.address("app"), WAIT); // one client reset
        Peers.write(reset, hello, WAIT);
        Peers.readExactly(reset, hello.length, WAIT);
        Peers.sendRst(reset);
        try (Socket idle = Peers.connect(gw.address("app"), WAIT)) { // one idle timeout
          Peers.expectEof(idle, WAIT);
        }
        try (Socket c = Peers.connect(gw.address("down"), WAIT)) { // one refused backend
          Peers.expectEof(c, WAIT);
        }
        Await.until("every connection to end", WAIT, () -> gw.gateway().route("app").runtime().stats().live() == 0
          && gw.gateway().route("down").runtime().stats().live() == 0);
        String m = AdminClient.get(gw.gateway().adminPort(), "/metrics");
        assertThat(m).contains("tcpgate_connections_total{route=\"app\"} 4.0")
          .contains("tcpgate_closes_total{cause=\"completed\",route=\"app\"} 2.0")
          .contains("tcpgate_closes_total{cause=\"client_reset\",route=\"app\"} 1.0")
          .contains("tcpgate_closes_total{cause=\"idle\",route=\"app\"} 1.0")
          .contains("tcpgate_closes_total{cause=\"backend_reset\",route=\"app\"} 0.0")
          .contains("tcpgate_closes_total{cause=\"connect_failed\",route=\"down\"} 1.0")
          .contains("tcpgate_connect_failures_total{route=\"down\"} 1.0")
          .contains("tcpgate_connect_failures_total{route=\"app\"} 0.0")
          .contains("tcpgate_bytes_total{direction=\"upstream\",route=\"app\"} 15.0")
          .contains("tcpgate_bytes_total{direction=\"downstream\",route=\"app\"} 15.0")
          .contains("tcpgate_connections_live{route=\"app\"} 0.0");
      }
    }
  }

}
