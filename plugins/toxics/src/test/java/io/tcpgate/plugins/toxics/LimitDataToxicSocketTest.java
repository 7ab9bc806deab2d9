package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.Sha256Sink;
import io.tcpgate.testkit.StreamDigest;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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

  @Test
  void zeroLeavesAnIdleConnectionOpenAndClosesOnTheFirstChunkWithoutPassingIt() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 0);
      try (Socket s = gw.connect(p)) {
        GatewayUnderTest.expectNothingFor(s, 500); // idle: open
        Peers.write(s, "hello".getBytes(StandardCharsets.US_ASCII), GatewayUnderTest.WAIT);
        assertThat(Peers.readToEof(s, GatewayUnderTest.WAIT)).as("bytes before the FIN").isEmpty();
      }
      assertThat(gw.echo.awaitObserved(0, GatewayUnderTest.WAIT).bytesReceived()).as("the request reached the server").isEqualTo(5);
    }
  }

  @Test
  void upstreamZeroClosesWhenTheClientSendsNothingOfItReachingTheServer() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().limitData("ld", ToxicDirection.UPSTREAM, 0);
      try (Socket s = gw.connect(p)) {
        GatewayUnderTest.expectNothingFor(s, 500);
        Peers.write(s, "hello".getBytes(StandardCharsets.US_ASCII), GatewayUnderTest.WAIT);
        assertThat(Peers.readToEof(s, GatewayUnderTest.WAIT)).isEmpty();
      }
      assertThat(gw.echo.awaitObserved(0, GatewayUnderTest.WAIT).bytesReceived()).isZero();
    }
  }

  @Test
  void upstreamPassesExactlyTheLimitToTheServerThenCloses() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().limitData("ld", ToxicDirection.UPSTREAM, 7);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, "abc".getBytes(StandardCharsets.US_ASCII), GatewayUnderTest.WAIT);
        assertThat(new String(Peers.readExactly(s, 3, GatewayUnderTest.WAIT), StandardCharsets.US_ASCII)).isEqualTo("abc");
        Peers.write(s, "defghij".getBytes(StandardCharsets.US_ASCII), GatewayUnderTest.WAIT);
        Peers.readToEof(s, GatewayUnderTest.WAIT); // the echo of "defg" may or may not beat the gateway's FIN
      }
      Observed server = gw.echo.awaitObserved(0, GatewayUnderTest.WAIT);
      assertThat(server.bytesReceived()).isEqualTo(7);
      assertThat(server.received()).isEqualTo(digestOf("abcdefg"));
    }
  }

  private static StreamDigest digestOf(String s) {
    Sha256Sink sink = new Sha256Sink();
    sink.write(s.getBytes(StandardCharsets.US_ASCII), 0, s.length());
    return sink.digest();
  }
}
