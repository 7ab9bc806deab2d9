package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class LatencyToxicSocketTest {
  @Test
  void anEchoRoundTripTakesTheLatencyWithinFiftyMilliseconds() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 200);
      try (Socket s = gw.connect(p)) {
        for (int i = 0; i < 3; i++) {
          long start = System.nanoTime();
          Peers.write(s, new byte[] {(byte) i}, GatewayUnderTest.WAIT);
          assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(i);
          long ms = (System.nanoTime() - start) / 1_000_000;
          System.out.printf("latency 200 ms: echo round trip %d ms%n", ms);
          assertThat(ms).as("round trip %d", i).isBetween(200L, 250L);
        }
      }
    }
  }

  @Test
  void removingTheLatencyUnderTrafficKeepsEveryByteInOrder() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 300);
      try (Socket s = gw.connect(p)) {
        byte[] sent = new byte[64 * 1024];
        for (int i = 0; i < sent.length; i++) {
          sent[i] = (byte) (i * 31);
        }
        Peers.write(s, sent, GatewayUnderTest.WAIT);
        p.toxics().get("lat").remove();
        assertThat(Peers.readExactly(s, sent.length, GatewayUnderTest.WAIT)).isEqualTo(sent);
      }
    }
  }
}
