package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TimeoutToxicSocketTest {
  @Test
  void nothingGetsThroughThenTheConnectionClosesAfterTheTimeout() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 300);
      try (Socket s = gw.connect(p)) {
        long start = System.nanoTime();
        Peers.write(s, new byte[] {1, 2, 3}, GatewayUnderTest.WAIT);
        byte[] got = Peers.readToEof(s, GatewayUnderTest.WAIT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(got).isEmpty();
        assertThat(ms).isBetween(250L, 1_000L);
      }
    }
  }

  @Test
  void removingATimeoutZeroLetsNewBytesFlowAgain() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {1, 2, 3}, GatewayUnderTest.WAIT);
        gw.awaitUpstreamBytes(3);
        p.toxics().get("to").remove();
        Peers.write(s, new byte[] {9}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(9);
      }
    }
  }
}
