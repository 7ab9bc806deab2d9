package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TimeoutToxicSocketTest {
  @Test
  void nothingGetsThroughThenTheConnectionClosesAfterTheTimeout() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 300);
      try (Socket s = gw.connect(p)) {
        long start = System.nanoTime();
        Peers.write(s, new byte[] {1, 2, 3}, GatewayUnderTest.WAIT);
        byte[] got = Peers.readToEof(s, GatewayUnderTest.WAIT);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(got).isEmpty();
        assertThat(ms).isBetween(250L, 1_000L);
      }
    }
  }

  @Test
  void eachDroppedChunkRestartsTheCountdown() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 1000);
      try (Socket s = gw.connect(p)) {
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) { // a byte every 300 ms, 2.4 s in all: never 1 s without one
          Peers.write(s, new byte[] {(byte) i}, GatewayUnderTest.WAIT);
          GatewayUnderTest.expectNothingFor(s, 300);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("ms open while bytes were dropped").isGreaterThan(2_000L);
        long last = System.nanoTime();
        Peers.write(s, new byte[] {8}, GatewayUnderTest.WAIT);
        assertThat(Peers.readToEof(s, GatewayUnderTest.WAIT)).isEmpty();
        assertThat((System.nanoTime() - last) / 1_000_000).as("ms from the last byte to the close").isBetween(950L, 2_000L);
      }
      assertThat(gw.echo.awaitObserved(0, GatewayUnderTest.WAIT).bytesReceived()).isZero();
    }
  }

  @Test
  void removedAfterDroppingBytesItClosesTheConnectionWithFin() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {1, 2, 3}, GatewayUnderTest.WAIT);
        gw.awaitUpstreamBytes(3);
        p.toxics().get("to").remove();
        Peers.expectEof(s, GatewayUnderTest.WAIT); // the stream has a hole: it does not go on
      }
    }
  }

  @Test
  void removedBeforeDroppingAnythingItLetsBytesFlow() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
      try (Socket s = gw.connect(p)) {
        Await.until("the connection listed", GatewayUnderTest.WAIT, () -> !gw.call0("/connections").equals("[]"));
        p.toxics().get("to").remove();
        Peers.write(s, new byte[] {9}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(9);
      }
    }
  }

  @Test
  void anUpdatedTimeoutKeepsDroppingAndClosesOnItsNewTimer() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {1, 2, 3}, GatewayUnderTest.WAIT);
        gw.awaitUpstreamBytes(3);
        long t = System.nanoTime();
        assertThat(gw.call("POST", "/proxies/echo/toxics/to", "{\"attributes\":{\"timeout\":300}}").statusCode()).isEqualTo(200);
        Peers.expectEof(s, GatewayUnderTest.WAIT);
        assertThat((System.nanoTime() - t) / 1_000_000).as("ms from the update").isBetween(250L, 2_000L);
      }
    }
  }
}
