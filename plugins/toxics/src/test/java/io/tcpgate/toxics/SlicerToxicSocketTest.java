package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import java.io.InputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlicerToxicSocketTest {
  @Test
  void theClientReadsTheStreamInSlicesOfAtMostAverageSizePlusVariation() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 100, 3000).setSizeVariation(20);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[3000], GatewayUnderTest.WAIT);
        s.setSoTimeout((int) GatewayUnderTest.WAIT.toMillis());
        InputStream in = s.getInputStream();
        List<Integer> reads = new ArrayList<>();
        byte[] buf = new byte[65536];
        int total = 0;
        while (total < 3000 && reads.size() < 3000) {
          int n = in.read(buf);
          assertThat(n).isPositive();
          reads.add(n);
          total += n;
        }
        assertThat(total).isEqualTo(3000);
        long small = reads.stream().filter(n -> n <= 120).count();
        assertThat(small).as("reads of at most 120 bytes, of %s", reads).isGreaterThanOrEqualTo(reads.size() * 9L / 10);
        assertThat(reads.size()).isGreaterThanOrEqualTo(3000 / 120 * 9 / 10);
      }
    }
  }
}
