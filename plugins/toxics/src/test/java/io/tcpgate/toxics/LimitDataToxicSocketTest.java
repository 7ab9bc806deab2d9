package io.tcpgate.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LimitDataToxicSocketTest {
  @Test
  void theClientGetsExactlyTheLimitThenEof() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
      try (Socket s = gw.connect(p)) {
        byte[] sent = new byte[5000];
        for (int i = 0; i < sent.length; i++) {
          sent[i] = (byte) i;
        }
        Peers.writeAsync(s, sent);
        byte[] got = Peers.readToEof(s, GatewayUnderTest.WAIT);
        assertThat(got).hasSize(1000);
        assertThat(got).isEqualTo(Arrays.copyOf(sent, 1000));
      }
    }
  }
}
