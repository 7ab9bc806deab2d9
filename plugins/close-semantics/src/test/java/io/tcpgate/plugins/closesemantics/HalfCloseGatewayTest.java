package io.tcpgate.plugins.closesemantics;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.Sha256Sink;
import io.tcpgate.testkit.SlowReader;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What each side observes, on loopback sockets, when one side sends FIN, for each half-close setting. */
class HalfCloseGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Payload UP = Payload.of(1, 256 * 1024);
  private static final Payload DOWN = Payload.of(2, 256 * 1024);
  private static final long TIMEOUT_MS = 300;
  private static final byte[] GREETING = "hello".getBytes();
  private static final long LATE_MS = 500;

  private static EmbeddedGateway gateway(ScriptedBackend backend, String policy) throws Exception {
    return EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(policy).yaml());
  }

  /** Reads to EOF, records it, then answers with {@link #DOWN} and a FIN. */
  private static Behaviour readThenAnswer() {
    return c -> {
      c.drain();
      c.write(DOWN.toByteArray());
      c.sendFin();
    };
  }

  /** Sends {@link #DOWN} and a FIN, then reads to EOF or reset. */
  private static Behaviour answerThenRead() {
    return c -> {
      c.write(DOWN.toByteArray());
      c.sendFin();
      c.drain();
    };
  }

  @Test
  void propagateRelaysTheClientsFinAfterEveryByteAndTheBackendAnswersAfterIt() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(readThenAnswer());
         EmbeddedGateway gw = gateway(backend, "type: half-close, mode: propagate");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      Peers.writeAsyncThenFin(client, UP).await(WAIT);
      assertThat(Sha256Sink.drain(client, WAIT)).isEqualTo(DOWN.digest());
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.received()).isEqualTo(UP.digest());
      assertThat(seen.ending()).isEqualTo(Ending.EOF);
    }
  }

  @Test
  void propagateRelaysTheBackendsFinAfterEveryByteAndTheClientSendsAfterIt() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(answerThenRead());
         EmbeddedGateway gw = gateway(backend, "type: half-close, mode: propagate");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      assertThat(Sha256Sink.drain(client, WAIT)).isEqualTo(DOWN.digest());
      Peers.writeAsyncThenFin(client, UP).await(WAIT);
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.received()).isEqualTo(UP.digest());
      assertThat(seen.ending()).isEqualTo(Ending.EOF);
    }
  }

  @Test
  void closeEndsBothSidesWithFinOnTheClientsFinAfterDeliveringEveryByte() throws Exception {
    Behaviour greetThenRead = c -> {
      c.write(GREETING);
      c.drain();
      c.awaitBackendClose(WAIT);
    };
    try (ScriptedBackend backend = new ScriptedBackend(greetThenRead);
         EmbeddedGateway gw = gateway(backend, "type: half-close, mode: close");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      assertThat(Peers.readExactly(client, GREETING.length, WAIT)).isEqualTo(GREETING);
      Peers.writeAsyncThenFin(client, UP).await(WAIT);
      Peers.expectEof(client, WAIT);
      Await.until("the backend reading to EOF", WAIT, () -> backend.observed(0).ending() == Ending.EOF);
      assertThat(backend.observed(0).received()).isEqualTo(UP.digest());
    }
  }

  @Test
  void closeEndsBothSidesWithFinOnTheBackendsFinAfterDeliveringEveryByte() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(answerThenRead());
         EmbeddedGateway gw = gateway(backend, "type: half-close, mode: close");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      assertThat(Sha256Sink.drain(client, WAIT)).isEqualTo(DOWN.digest());
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.ending()).as("the backend gets a FIN though the client never sent one").isEqualTo(Ending.EOF);
      assertThat(seen.bytesReceived()).isZero();
    }
  }

  @Test
  void theTimeoutClosesAHalfClosedConnectionWithFin() throws Exception {
    halfClosedUntilTheTimeout("fin", Ending.EOF);
  }

  @Test
  void theTimeoutClosesAHalfClosedConnectionWithRst() throws Exception {
    halfClosedUntilTheTimeout("rst", Ending.RESET);
  }

  @Test
  void theTimeoutCountsFromTheFinsDeliverySoASlowReaderGetsEveryByteThenFin() throws Exception {
    // The backend sends and FINs at once; the client reads for ~7 s (longer than the 5 s flush bound of
    // the timeout's close) and never sends: the limit must not start before the FIN reaches the client.
    Payload down = Payload.of(5, 150_000);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(down.toByteArray()));
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address())
           .policy("type: half-close, timeout: " + TIMEOUT_MS + "ms, action: fin")
           .policy("type: socket-buffers, client-send: 4k, backend-receive: 4k").yaml());
         Socket client = new Socket()) {
      client.setReceiveBufferSize(8 * 1024);
      client.connect(gw.address(ROUTE), (int) WAIT.toMillis());
      assertThat(new SlowReader(20_000).readToEof(client, Duration.ofSeconds(20))).isEqualTo(down.digest());
    }
  }

  /**
   * Once the relay is up (the client has read the backend's greeting), the client sends FIN and the
   * backend never does; the client must see {@code clientSees} one timeout later, and the backend must
   * have seen the client's FIN first.
   */
  private static void halfClosedUntilTheTimeout(String action, Ending clientSees) throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(holdAfterEof());
         EmbeddedGateway gw = gateway(backend, "type: half-close, timeout: " + TIMEOUT_MS + "ms, action: " + action);
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      Peers.readExactly(client, GREETING.length, WAIT);
      Peers.sendFin(client);
      long fin = System.nanoTime();
      Peers.expectEnding(client, clientSees, WAIT);
      assertThat((System.nanoTime() - fin) / 1_000_000).isBetween(TIMEOUT_MS - 25, TIMEOUT_MS + LATE_MS);
      Await.until("the backend reading the client's FIN", WAIT, () -> backend.observed(0).ending() == Ending.EOF);
    }
  }

  /** Greets, reads to the client's FIN, then keeps its own direction open without sending anything more. */
  private static Behaviour holdAfterEof() {
    return c -> {
      c.write(GREETING);
      c.drain();
      c.awaitBackendClose(WAIT);
    };
  }
}
