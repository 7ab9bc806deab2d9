package io.tcpgate.plugins.closesemantics;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.Sha256Sink;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What each side observes, on loopback sockets, when the other resets, for each rst-translation setting.
 * The resetting side sends {@link #PAYLOAD} first; the receiver reads nothing until the gateway has read
 * all of it (so it sits in the gateway's buffer and the receiver's socket, under back-pressure) and the reset
 * has happened.
 */
class RstTranslationGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Payload PAYLOAD = Payload.of(3, 512 * 1024);

  private static EmbeddedGateway gateway(ScriptedBackend backend, String policy) throws Exception {
    return gateway(backend, policy, null);
  }

  /** {@code toxic}: null, or one toxic of the route as a YAML flow mapping. */
  private static EmbeddedGateway gateway(ScriptedBackend backend, String policy, String toxic) throws Exception {
    OneRouteConfig config = OneRouteConfig.to(backend.address()).route("buffer-size", "1m").withAdmin().policy(policy);
    if (toxic != null) {
      config.route("toxics", "[ " + toxic + " ]");
    }
    return EmbeddedGateway.start(config.yaml());
  }

  /** Waits until the gateway has read the whole payload from the source of {@code direction}. */
  private static void untilGatewayRead(EmbeddedGateway gw, String direction) {
    untilGatewayRead(gw, direction, PAYLOAD.length());
  }

  private static void untilGatewayRead(EmbeddedGateway gw, String direction, long bytes) {
    Await.until("the gateway reading " + bytes + " bytes " + direction, WAIT, () -> {
      try {
        JsonArray live = new JsonArray(AdminClient.get(gw.gateway().adminPort(), "/connections"));
        return !live.isEmpty() && live.getJsonObject(0).getLong("bytes_" + direction) == bytes;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** What the client checks once the backend has reset. */
  private interface ClientView {
    void check(Socket client) throws Exception;
  }

  /** The backend sends the payload and resets once the gateway has read it all; then the client reads. */
  private static void backendResets(String policy, ClientView view) throws Exception {
    backendResets(PAYLOAD, policy, null, view);
  }

  private static void backendResets(Payload payload, String policy, String toxic, ClientView view) throws Exception {
    CountDownLatch gatewayHasAll = new CountDownLatch(1);
    Behaviour sendThenReset = c -> {
      c.write(payload.toByteArray());
      gatewayHasAll.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      c.sendRst();
    };
    try (ScriptedBackend backend = new ScriptedBackend(sendThenReset);
         EmbeddedGateway gw = gateway(backend, policy, toxic);
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      untilGatewayRead(gw, "downstream", payload.length());
      gatewayHasAll.countDown();
      view.check(client);
    }
  }

  @Test
  void backendResetRstGivesTheClientAResetAfterAPrefixOfTheBytes() throws Exception {
    backendResets("type: rst-translation, backend-reset: rst", client -> {
      byte[] got = Peers.expectReset(client, WAIT);
      assertThat(got).isEqualTo(Arrays.copyOf(PAYLOAD.toByteArray(), got.length));
    });
  }

  @Test
  void backendResetFinGivesTheClientEveryByteThenFin() throws Exception {
    backendResets("type: rst-translation, backend-reset: fin",
      client -> assertThat(Sha256Sink.drain(client, WAIT)).isEqualTo(PAYLOAD.digest()));
  }

  /** The client sends the payload and resets once the gateway has read it all; returns what the backend saw. */
  private static Observed clientResets(String policy) throws Exception {
    return clientResets(policy, null);
  }

  private static Observed clientResets(String policy, String toxic) throws Exception {
    CountDownLatch clientGone = new CountDownLatch(1);
    Behaviour readAfterTheReset = c -> {
      clientGone.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      c.drain();
    };
    try (ScriptedBackend backend = new ScriptedBackend(readAfterTheReset);
         EmbeddedGateway gw = gateway(backend, policy, toxic)) {
      Socket client = Peers.connect(gw.address(ROUTE), WAIT);
      Peers.writeAsync(client, PAYLOAD).await(WAIT);
      untilGatewayRead(gw, "upstream");
      Peers.sendRst(client);
      clientGone.countDown();
      return backend.awaitObserved(0, WAIT);
    }
  }

  @Test
  void clientResetRstGivesTheBackendAReset() throws Exception {
    Observed seen = clientResets("type: rst-translation, client-reset: rst");
    assertThat(seen.ending()).isEqualTo(Ending.RESET);
    assertThat(seen.bytesReceived()).isLessThanOrEqualTo(PAYLOAD.length());
  }

  @Test
  void clientResetFinGivesTheBackendEveryByteThenFin() throws Exception {
    Observed seen = clientResets("type: rst-translation, client-reset: fin");
    assertThat(seen.ending()).isEqualTo(Ending.EOF);
    assertThat(seen.received()).isEqualTo(PAYLOAD.digest());
  }

  // ---- a reset behind a toxic that holds bytes: they go first, then the translation

  /** 300 ms on every downstream chunk: the payload is still in the toxic when the backend resets. */
  private static final String LATENCY_DOWN = "{ type: latency, stream: downstream, attributes: { latency: 300 } }";

  @Test
  void backendResetFinBehindALatencyToxicGivesTheClientEveryByteThenFin() throws Exception {
    backendResets(PAYLOAD, "type: rst-translation, backend-reset: fin", LATENCY_DOWN,
      client -> assertThat(Sha256Sink.drain(client, WAIT)).isEqualTo(PAYLOAD.digest()));
  }

  @Test
  void backendResetFinBehindALatencyLongerThanTheBoundGivesTheClientEveryByteThenFin() throws Exception {
    // what the toxic still holds when the second is up goes at once, then the FIN
    backendResets(PAYLOAD, "type: rst-translation, backend-reset: fin", "{ type: latency, stream: downstream, attributes: { latency: 30000 } }",
      client -> assertThat(Sha256Sink.drain(client, WAIT)).isEqualTo(PAYLOAD.digest()));
  }

  @Test
  void backendResetRstBehindALatencyToxicGivesTheClientEveryByteThenRst() throws Exception {
    // small enough for the client's receive buffer: every byte is there before the RST arrives
    Payload small = Payload.of(5, 32 * 1024);
    backendResets(small, "type: rst-translation, backend-reset: rst", LATENCY_DOWN,
      client -> assertThat(Peers.expectReset(client, WAIT)).isEqualTo(small.toByteArray()));
  }

  @Test
  void clientResetFinBehindALatencyToxicGivesTheBackendEveryByteThenFin() throws Exception {
    Observed seen = clientResets("type: rst-translation, client-reset: fin",
      "{ type: latency, stream: upstream, attributes: { latency: 300 } }");
    assertThat(seen.ending()).isEqualTo(Ending.EOF);
    assertThat(seen.received()).isEqualTo(PAYLOAD.digest());
  }

  @Test
  void aResetTranslatedToFinPassesTheToxicsOfItsStreamAsAFin() throws Exception {
    // the translation's FIN is what the client would get; fin_to_rst turns it into a reset
    Payload small = Payload.of(7, 32 * 1024);
    backendResets(small, "type: rst-translation, backend-reset: fin", "{ type: fin_to_rst, stream: downstream }",
      client -> assertThat(Peers.expectReset(client, WAIT)).isEqualTo(small.toByteArray()));
  }

  @Test
  void aResetWaitsForTheBytesAToxicHoldsAtMostOneSecond() throws Exception {
    // 16 KB/s: most of the payload is still in the toxic when the RST's second is up
    long[] resetAfterMillis = new long[1];
    backendResets(PAYLOAD, "type: rst-translation, backend-reset: rst", "{ type: bandwidth, stream: downstream, attributes: { rate: 16 } }",
      client -> {
        long t0 = System.nanoTime();
        byte[] got = Peers.expectReset(client, WAIT);
        resetAfterMillis[0] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(got).as("a prefix").isEqualTo(Arrays.copyOf(PAYLOAD.toByteArray(), got.length));
        assertThat(got.length).as("bytes before the reset").isGreaterThan(0).isLessThan((int) PAYLOAD.length());
      });
    assertThat(resetAfterMillis[0]).as("ms from the backend's reset to the client's").isBetween(700L, 2_500L);
  }
}
