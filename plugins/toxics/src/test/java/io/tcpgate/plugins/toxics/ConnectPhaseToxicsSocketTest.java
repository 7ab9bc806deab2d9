package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.tcpgate.testkit.Peers;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** connect_delay, refuse and accept_blackhole on real sockets. */
class ConnectPhaseToxicsSocketTest {
  @Test
  void connectDelayHoldsTheFirstEchoForTheDelay() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"cd\",\"type\":\"connect_delay\",\"attributes\":{\"delay\":300}}");
      long start = System.nanoTime();
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {3}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(3);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(290L, 1_000L);
      }
    }
  }

  @Test
  void refuseResetsNewClientsButNotLiveOnes() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      try (Socket live = gw.connect(p)) {
        Peers.write(live, new byte[] {1}, GatewayUnderTest.WAIT);
        Peers.readExactly(live, 1, GatewayUnderTest.WAIT);
        gw.addToxic("echo", "{\"name\":\"no\",\"type\":\"refuse\"}");
        String[] hp = p.getListen().split(":");
        // the reset may reach the client while it is still in connect(): both count as refused
        Peers.connectExpectingReset(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), GatewayUnderTest.WAIT);
        Peers.write(live, new byte[] {2}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(live, 1, GatewayUnderTest.WAIT)).containsExactly(2);
      }
    }
  }

  @Test
  void removingAcceptBlackholeReleasesTheConnectionsItHolds() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"bh\",\"type\":\"accept_blackhole\"}");
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {7}, GatewayUnderTest.WAIT);
        s.setSoTimeout(300);
        try {
          throw new AssertionError("expected silence, got " + s.getInputStream().read());
        } catch (SocketTimeoutException expected) {
          // held
        }
        gw.removeToxic("echo", "bh");
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).as("the byte sent while held, echoed").containsExactly(7);
      }
    }
  }

  @Test
  void acceptBlackholeAcceptsAndNeverAnswers() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"bh\",\"type\":\"accept_blackhole\"}");
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {1}, GatewayUnderTest.WAIT);
        s.setSoTimeout(500);
        long start = System.nanoTime();
        try {
          int r = s.getInputStream().read();
          throw new AssertionError("expected silence, got " + r);
        } catch (SocketTimeoutException expected) {
          assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(450L);
        }
        assertThat(gw.echo.connectionCount()).isZero();
      }
    }
  }
}
