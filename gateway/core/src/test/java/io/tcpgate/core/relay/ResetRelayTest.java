package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** By default a reset on one side is a reset on the other, after the bytes sent before it. */
class ResetRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void backendResetReachesTheClientAsResetAfterTheBytesSentBeforeIt() throws Exception {
    byte[] before = "bytes before the reset".getBytes(StandardCharsets.US_ASCII);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.afterReceiving(1, Behaviour.sendThenRst(before)));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute(backend.address()));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      Peers.write(client, new byte[] {1}, WAIT);
      byte[] got = Peers.expectReset(client, WAIT);
      assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("bytes before the reset");
      Await.until("the close counted as a backend reset", WAIT,
        () -> gw.gateway().route("r").runtime().stats().closes(CloseCause.BACKEND_RESET) == 1);
    }
  }

  @Test
  void aBackendThatResetsAsItAcceptsIsABackendResetNotAFailedConnect() throws Exception {
    // the reset may land before the gateway sees its connect complete: either way the client gets a reset
    int clients = 60;
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenRst(new byte[0]));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute(backend.address()))) {
      for (int i = 0; i < clients; i++) {
        Socket client;
        try {
          client = Peers.connect(gw.address("r"), WAIT);
        } catch (SocketException resetAlready) { // the gateway's reset came before the client saw its connect complete
          assertThat(resetAlready.getMessage()).as("client %d", i).contains("reset");
          continue;
        }
        try (client) {
          assertThat(Peers.expectReset(client, WAIT)).as("client %d", i).isEmpty();
        }
      }
      Await.until("every close counted as a backend reset", WAIT,
        () -> gw.gateway().route("r").runtime().stats().closes(CloseCause.BACKEND_RESET) == clients);
      assertThat(gw.gateway().route("r").runtime().stats().closes(CloseCause.CONNECT_FAILED)).isZero();
    }
  }

  @Test
  void clientResetReachesTheBackendAsReset() throws Exception {
    byte[] before = "client bytes".getBytes(StandardCharsets.US_ASCII);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute(backend.address()))) {
      Socket client = Peers.connect(gw.address("r"), WAIT);
      Peers.write(client, before, WAIT);
      backend.awaitConnections(1, WAIT);
      Observed seen = backend.observed(0);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen.bytesReceived() < before.length && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(seen.bytesReceived()).isEqualTo(before.length);
      Peers.sendRst(client);
      assertThat(seen.awaitFinished(WAIT)).isTrue();
      assertThat(seen.ending()).isEqualTo(Ending.RESET);
    }
  }
}
