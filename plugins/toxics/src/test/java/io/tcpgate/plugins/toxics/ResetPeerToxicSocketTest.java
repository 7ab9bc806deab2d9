package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.Peers;
import io.vertx.core.json.JsonArray;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResetPeerToxicSocketTest {
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

  @Test
  void anIdleConnectionIsLeftAloneUntilItsStreamCarriesAChunk() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 100);
      try (Socket s = gw.connect(p)) {
        GatewayUnderTest.expectNothingFor(s, 600); // six timeouts long: no traffic, no reset
        long start = System.nanoTime();
        Peers.write(s, HELLO, GatewayUnderTest.WAIT);
        assertThat(Peers.expectReset(s, GatewayUnderTest.WAIT)).as("bytes before the reset").isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(90L, 1_000L);
      }
    }
  }

  @Test
  void theTriggeringChunkAndLaterOnesAreDroppedThenTheReceiverIsResetAfterTheTimeout() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 500);
      try (Socket s = gw.connect(p)) {
        long start = System.nanoTime();
        Peers.write(s, HELLO, GatewayUnderTest.WAIT);
        gw.awaitUpstreamBytes(HELLO.length);
        Peers.write(s, "world".getBytes(StandardCharsets.US_ASCII), GatewayUnderTest.WAIT); // echoed while the reset is pending
        assertThat(Peers.expectReset(s, GatewayUnderTest.WAIT)).as("bytes before the reset").isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(450L, 2_000L);
      }
      Observed backend = gw.echo.awaitObserved(0, GatewayUnderTest.WAIT);
      assertThat(backend.bytesReceived()).as("the requests reached the server").isEqualTo(10);
      assertThat(backend.ending()).as("the backend follows the reset translation (RST)").isEqualTo(Ending.RESET);
    }
  }

  @Test
  void timeoutZeroLetsTheRequestReachTheServerAndResetsTheClientInsteadOfTheReply() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 0);
      try (Socket s = gw.connect(p)) {
        gw.echo.awaitConnections(1, GatewayUnderTest.WAIT);
        Peers.write(s, HELLO, GatewayUnderTest.WAIT);
        assertThat(Peers.expectReset(s, GatewayUnderTest.WAIT)).as("bytes before the reset").isEmpty();
      }
      assertThat(gw.echo.awaitObserved(0, GatewayUnderTest.WAIT).bytesReceived()).as("the request reached the server").isEqualTo(5);
    }
  }

  @Test
  void upstreamDropsTheRequestAndResetsTheBackend() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 300);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, HELLO, GatewayUnderTest.WAIT);
        Observed backend = gw.echo.awaitObserved(0, GatewayUnderTest.WAIT);
        assertThat(backend.bytesReceived()).as("nothing of the request reached the server").isZero();
        assertThat(backend.ending()).isEqualTo(Ending.RESET);
        assertThat(Peers.expectReset(s, GatewayUnderTest.WAIT)).as("the client follows the reset translation (RST)").isEmpty();
      }
    }
  }

  @Test
  void removedWhileItsResetIsPendingItResetsAtOnce() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().resetPeer("rp", ToxicDirection.DOWNSTREAM, 60_000);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, HELLO, GatewayUnderTest.WAIT);
        Await.until("the echo read back by the gateway", GatewayUnderTest.WAIT, () -> {
          JsonArray all = new JsonArray(gw.call0("/connections"));
          return all.size() == 1 && all.getJsonObject(0).getLong("bytes_downstream") == HELLO.length;
        });
        long start = System.nanoTime();
        p.toxics().get("rp").remove();
        assertThat(Peers.expectReset(s, GatewayUnderTest.WAIT)).as("bytes before the reset").isEmpty();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000L);
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
