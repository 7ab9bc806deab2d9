package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class SlowCloseToxicSocketTest {
  @Test
  void theBackendsFinReachesTheClientAfterTheDelay() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 400);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {5}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(5);
        long start = System.nanoTime();
        Peers.sendFin(s);
        Peers.expectEof(s, GatewayUnderTest.WAIT);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(380L, 1_000L);
      }
    }
  }
}
