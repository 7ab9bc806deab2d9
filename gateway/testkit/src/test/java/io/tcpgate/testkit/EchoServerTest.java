package io.tcpgate.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EchoServerTest {

  private static final Duration T = Duration.ofSeconds(5);

  @Test
  void echoesEveryByteThenHalfClosesAfterTheClientsFin() throws Exception {
    try (EchoServer echo = new EchoServer();
        Socket s = Peers.connect(echo.address(), T)) {
      Peers.write(s, "hello".getBytes(US_ASCII), T);
      assertThat(Peers.readExactly(s, 5, T)).isEqualTo("hello".getBytes(US_ASCII));
      Peers.write(s, "world".getBytes(US_ASCII), T);
      Peers.sendFin(s);
      assertThat(Peers.readToEof(s, T)).isEqualTo("world".getBytes(US_ASCII));
      Observed o = echo.awaitObserved(0, T);
      assertThat(o.ending()).isEqualTo(Ending.EOF);
      assertThat(o.bytesReceived()).isEqualTo(10);
      assertThat(o.bytesSent()).isEqualTo(10);
    }
  }

  @Test
  void keepsItsOutputOpenUntilTheClientSendsFin() throws Exception {
    try (EchoServer echo = new EchoServer();
        Socket s = Peers.connect(echo.address(), T)) {
      Peers.write(s, new byte[] {1, 2, 3}, T);
      assertThat(Peers.readExactly(s, 3, T)).containsExactly(1, 2, 3);
      assertThatThrownBy(() -> Peers.expectEof(s, Duration.ofMillis(150)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out after 150 ms waiting for EOF");
    }
  }

  @Test
  void echoesSixtyFourMibIntactWhileTheClientReadsConcurrently() throws Exception {
    Payload payload = Payload.of(2024, 64L * 1024 * 1024);
    try (EchoServer echo = new EchoServer();
        Socket s = Peers.connect(echo.address(), T)) {
      PendingWrite w = Peers.writeAsyncThenFin(s, payload);
      StreamDigest back = Sha256Sink.drain(s, Duration.ofSeconds(15));
      w.await(T);
      assertThat(back).isEqualTo(payload.digest());
      assertThat(echo.awaitObserved(0, T).received()).isEqualTo(payload.digest());
    }
  }

  @Test
  void countsEachAcceptedConnection() throws Exception {
    try (EchoServer echo = new EchoServer();
        Socket a = Peers.connect(echo.address(), T);
        Socket b = Peers.connect(echo.address(), T)) {
      echo.awaitConnections(2, T);
      assertThat(a.isConnected() && b.isConnected()).isTrue();
      assertThat(echo.connectionCount()).isEqualTo(2);
      assertThat(echo.address().getAddress()).isEqualTo(Loopback.ADDRESS);
      assertThat(echo.port()).isPositive();
    }
  }

  @Test
  void refusesToBindOutsideLoopback() throws Exception {
    InetSocketAddress documentationNet =
        new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 0);
    assertThatThrownBy(() -> new EchoServer(documentationNet))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("127.0.0.0/8");
  }
}
