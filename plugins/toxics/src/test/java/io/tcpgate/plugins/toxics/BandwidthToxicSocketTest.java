package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import java.net.Socket;
import java.net.SocketTimeoutException;
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

  @Test
  void anUpdatedRateAppliesToALiveStreamWithoutReleasingWhatIsHeld() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 50);
      try (Socket s = gw.connect(p)) {
        Peers.writeAsync(s, new byte[300_000]); // the echo route sends it back: downstream is throttled
        Peers.readExactly(s, 25_000, GatewayUnderTest.WAIT); // about half a second at 50 KB/s; the rest is held
        assertThat(gw.call("POST", "/proxies/echo/toxics/bw", "{\"attributes\":{\"rate\":5}}").statusCode()).isEqualTo(200);
        long t0 = System.nanoTime();
        s.setSoTimeout(100);
        long got = 0;
        byte[] buf = new byte[65536];
        while (System.nanoTime() - t0 < 1_000_000_000L) { // one second, bounded
          try {
            int n = s.getInputStream().read(buf);
            assertThat(n).isPositive();
            got += n;
          } catch (SocketTimeoutException e) {
            // nothing this tenth of a second
          }
        }
        // 5 KB/s for a second, plus what the old rate had scheduled for its last 100 ms (5 KB)
        assertThat(got).as("bytes in the second after the update (the 275 KB held used to arrive at once)").isLessThan(20_000);
      }
    }
  }
}
