package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PacketLossToxicSocketTest {
  @Test
  void withLossRateOneNothingArrivesUntilTheToxicIsRemoved() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"loss\",\"type\":\"packet_loss\",\"stream\":\"upstream\",\"attributes\":{\"loss_rate\":1}}");
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[1000], GatewayUnderTest.WAIT);
        gw.awaitUpstreamBytes(1000);
        assertThat(gw.call("DELETE", "/proxies/echo/toxics/loss", null).statusCode()).isEqualTo(204);
        Peers.write(s, new byte[] {42}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(42);
        Peers.sendFin(s);
        Peers.expectEof(s, GatewayUnderTest.WAIT);
      }
    }
  }
}
