package io.tcpgate.plugins.socketoptions;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * tcp-nodelay on a real gateway: the option read back from both of its sockets, and the delay Nagle's
 * algorithm adds to a write-write-read exchange through the side where it is off. The peers themselves
 * always run with TCP_NODELAY on, so only the gateway's socket can hold a write back.
 */
class TcpNoDelayGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Bytes of each of the two writes of one message. */
  private static final int PART = 100;
  /** Time between the two writes, ms: long enough for the gateway to read and relay them apart. */
  private static final long GAP_MS = 2;
  private static final int WARMUP = 5;
  private static final int ROUNDS = 20;

  @BeforeEach
  void forgetEarlierConnections() {
    SocketProbe.forget();
  }

  private static EmbeddedGateway gateway(ScriptedBackend backend, String nodelay) throws Exception {
    return EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy("type: tcp-nodelay, " + nodelay).policy("type: socket-probe").yaml());
  }

  @Test
  void theOptionReadsBackFromBothOfTheGatewaysSocketsAsConfigured() throws Exception {
    for (boolean on : new boolean[] {true, false}) {
      try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
           EmbeddedGateway gw = gateway(backend, "client: " + on + ", backend: " + !on);
           Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
        Map<Side, SocketProbe.Options> options = SocketProbe.next(WAIT);
        assertThat(options.get(Side.CLIENT).tcpNoDelay()).isEqualTo(on);
        assertThat(options.get(Side.BACKEND).tcpNoDelay()).isEqualTo(!on);
      }
    }
  }

  @Test
  void nagleOnTheBackendSocketDelaysAWriteWriteReadExchangeUntilItIsTurnedOff() throws Exception {
    assertNagleDelays("backend", TcpNoDelayGatewayTest::requestInTwoParts);
  }

  @Test
  void nagleOnTheClientSocketDelaysAWriteWriteReadExchangeUntilItIsTurnedOff() throws Exception {
    assertNagleDelays("client", TcpNoDelayGatewayTest::answerInTwoParts);
  }

  /** Median round trip of write-write-read exchanges, ms, with TCP_NODELAY on or off on the side measured. */
  private interface Measurement {
    double medianMillis(boolean noDelay) throws Exception;
  }

  private static void assertNagleDelays(String side, Measurement exchanges) throws Exception {
    double off = exchanges.medianMillis(false);
    double on = exchanges.medianMillis(true);
    System.out.printf(Locale.ROOT, "tcp-nodelay, gateway's %s socket: median write-write-read round trip %.1f ms with Nagle"
      + " (tcp-nodelay off), %.2f ms without (on), over %d rounds; each includes a %d ms gap between the writes%n",
      side, off, on, ROUNDS, GAP_MS);
    assertThat(off).as("median ms with Nagle on the gateway's " + side + " socket").isGreaterThanOrEqualTo(20);
    assertThat(on).as("median ms with TCP_NODELAY on the gateway's " + side + " socket").isLessThan(off / 4);
  }

  /** The client writes a request in two parts and reads a one-byte answer; median round trip, ms. */
  private static double requestInTwoParts(boolean backendNoDelay) throws Exception {
    Behaviour answer = c -> {
      c.socket().setTcpNoDelay(true);
      for (int i = 0; i < WARMUP + ROUNDS; i++) {
        byte[] request = new byte[2 * PART];
        for (int got = 0; got < request.length; ) { // bounded: each read returns data, -1 or times out
          int n = c.read(request, got, request.length - got);
          if (n < 0) {
            return;
          }
          got += n;
        }
        c.write(new byte[] {1});
      }
    };
    try (ScriptedBackend backend = new ScriptedBackend(answer);
         EmbeddedGateway gw = gateway(backend, "backend: " + backendNoDelay);
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      client.setTcpNoDelay(true);
      assertThat(SocketProbe.next(WAIT).get(Side.BACKEND).tcpNoDelay()).isEqualTo(backendNoDelay);
      return medianMillis(() -> {
        writeInTwoParts(client);
        Peers.readExactly(client, 1, WAIT);
      });
    }
  }

  /** The client writes one byte and reads an answer the backend writes in two parts; median round trip, ms. */
  private static double answerInTwoParts(boolean clientNoDelay) throws Exception {
    Behaviour answer = c -> {
      c.socket().setTcpNoDelay(true);
      byte[] one = new byte[1];
      while (c.read(one, 0, 1) >= 0) { // bounded: the client sends WARMUP + ROUNDS bytes, then closes
        writeInTwoParts(c.socket());
        c.observed().recordSent(2 * PART);
      }
    };
    try (ScriptedBackend backend = new ScriptedBackend(answer);
         EmbeddedGateway gw = gateway(backend, "client: " + clientNoDelay);
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      client.setTcpNoDelay(true);
      assertThat(SocketProbe.next(WAIT).get(Side.CLIENT).tcpNoDelay()).isEqualTo(clientNoDelay);
      return medianMillis(() -> {
        client.getOutputStream().write(1);
        Peers.readExactly(client, 2 * PART, WAIT);
      });
    }
  }

  private static void writeInTwoParts(Socket socket) throws IOException {
    socket.getOutputStream().write(new byte[PART]);
    LockSupport.parkNanos(GAP_MS * 1_000_000);
    socket.getOutputStream().write(new byte[PART]);
  }

  private interface Exchange {
    void run() throws IOException;
  }

  private static double medianMillis(Exchange exchange) throws IOException {
    double[] ms = new double[ROUNDS];
    for (int i = 0; i < WARMUP + ROUNDS; i++) {
      long start = System.nanoTime();
      exchange.run();
      if (i >= WARMUP) {
        ms[i - WARMUP] = (System.nanoTime() - start) / 1e6;
      }
    }
    Arrays.sort(ms);
    return ms[ROUNDS / 2];
  }
}
