package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class ResetPeerToxicSocketTest {
  @Test
  void anIdleConnectionIsResetOnTheTimer() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 300);
      try (Socket s = gw.connect(p)) {
        long start = System.nanoTime();
        Peers.expectReset(s, GatewayUnderTest.WAIT);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 1_000L);
      }
    }
  }

  @Test
  void toxicityZeroLeavesTheConnectionUntouchedAndItEndsWithFin() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 0).setToxicity(0f);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {7}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(7);
        Peers.sendFin(s);
        Peers.expectEof(s, GatewayUnderTest.WAIT);
      }
    }
  }
}
