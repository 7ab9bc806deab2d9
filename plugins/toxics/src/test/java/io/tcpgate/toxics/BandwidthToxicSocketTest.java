package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class BandwidthToxicSocketTest {
  @Test
  void aStreamFlowsWithinFifteenPercentOfTheRate() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 200);
      try (Socket s = gw.connect(p)) {
        byte[] sent = new byte[300_000];
        long start = System.nanoTime();
        PendingWrite w = Peers.writeAsync(s, sent);
        Peers.readExactly(s, sent.length, GatewayUnderTest.WAIT);
        w.await(GatewayUnderTest.WAIT);
        double seconds = (System.nanoTime() - start) / 1e9;
        double kbPerSecond = sent.length / 1000.0 / seconds;
        System.out.printf("bandwidth 200 KB/s: measured %.1f KB/s over %d bytes%n", kbPerSecond, sent.length);
        assertThat(kbPerSecond).as("measured rate, KB/s").isBetween(200 * 0.85, 200 * 1.15);
      }
    }
  }
}
