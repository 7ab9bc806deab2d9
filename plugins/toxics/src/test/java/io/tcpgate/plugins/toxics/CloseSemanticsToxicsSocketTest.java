package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** fin_drop, fin_delay, fin_to_rst and rst_after on real sockets. */
class CloseSemanticsToxicsSocketTest {
  @Test
  void finDropMeansTheClientNeverSeesEofUntilTheToxicIsRemoved() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"fd\",\"type\":\"fin_drop\"}");
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {1}, GatewayUnderTest.WAIT);
        Peers.readExactly(s, 1, GatewayUnderTest.WAIT);
        Peers.sendFin(s);
        s.setSoTimeout(400);
        try {
          throw new AssertionError("expected no EOF, got " + s.getInputStream().read());
        } catch (SocketTimeoutException expected) {
          // the echo server's FIN was swallowed
        }
        assertThat(gw.call("DELETE", "/proxies/echo/toxics/fd", null).statusCode()).isEqualTo(204);
        Peers.expectEof(s, GatewayUnderTest.WAIT);
      }
    }
  }

  @Test
  void finDelayDelaysTheEof() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"fd\",\"type\":\"fin_delay\",\"attributes\":{\"delay\":300}}");
      try (Socket s = gw.connect(p)) {
        long start = System.nanoTime();
        Peers.sendFin(s);
        Peers.expectEof(s, GatewayUnderTest.WAIT);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(290L, 1_000L);
      }
    }
  }

  @Test
  void finToRstTurnsTheBackendsFinIntoAReset() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"fr\",\"type\":\"fin_to_rst\"}");
      try (Socket s = gw.connect(p)) {
        Peers.sendFin(s);
        Peers.expectReset(s, GatewayUnderTest.WAIT);
      }
    }
  }

  @Test
  void rstAfterDeliversExactlyTheBytesThenResets() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"ra\",\"type\":\"rst_after\",\"attributes\":{\"bytes\":100}}");
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[100], GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 100, GatewayUnderTest.WAIT)).hasSize(100);
        Peers.expectReset(s, GatewayUnderTest.WAIT);
      }
    }
  }

  @Test
  void rstAfterWritesOutEveryByteUpToItsCountBeforeTheReset() throws Exception {
    byte[] sent = new byte[200_000];
    new Random(7).nextBytes(sent);
    try (GatewayUnderTest gw = new GatewayUnderTest();
        // the source sends once the client's byte arrived: the client is connected before any reset can be
        ScriptedBackend source = new ScriptedBackend(Behaviour.afterReceiving(1, Behaviour.sendThenFin(sent)))) {
      Proxy p = gw.client.createProxy("source", "127.0.0.1:0", "127.0.0.1:" + source.port());
      gw.addToxic("source", "{\"name\":\"ra\",\"type\":\"rst_after\",\"attributes\":{\"bytes\":150000}}");
      for (int round = 0; round < 5; round++) {
        try (Socket s = new Socket()) {
          s.setReceiveBufferSize(400_000); // room for every byte before the reset: none waits in the gateway's kernel
          s.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(p.getListen().split(":")[1])), 10_000);
          Peers.write(s, new byte[] {1}, GatewayUnderTest.WAIT);
          byte[] got = Peers.expectReset(s, GatewayUnderTest.WAIT);
          assertThat(got.length).as("bytes before the reset, round " + round).isEqualTo(150_000);
          assertThat(Arrays.equals(got, Arrays.copyOf(sent, got.length))).as("in order, unchanged").isTrue();
        }
      }
    }
  }
}
