package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import io.tcpgate.testkit.Peers;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** Toxiproxy's "down": {@code enabled: false} closes the listener and the live connections. */
class ProxyEnabledSocketTest {
  @Test
  void aDisabledProxyClosesLiveConnectionsAndRefusesNewOnesUntilEnabled() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      try (Socket live = gw.connect(p)) {
        Peers.write(live, new byte[] {1}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(live, 1, GatewayUnderTest.WAIT)).containsExactly(1);
        p.disable();
        Peers.expectEof(live, GatewayUnderTest.WAIT);
        assertThatThrownBy(() -> gw.connect(p)).isInstanceOf(ConnectException.class);
      }
      p.enable();
      try (Socket again = gw.connect(p)) {
        Peers.write(again, new byte[] {2}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(again, 1, GatewayUnderTest.WAIT)).containsExactly(2);
      }
    }
  }
}
