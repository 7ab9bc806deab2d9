package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A FIN from either side reaches the other after every earlier byte, and the other direction keeps flowing. */
class HalfCloseRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void clientFinReachesTheBackendWhichThenSendsAMebibyteTheClientReceivesBeforeEof() throws Exception {
    Payload request = Payload.of(11, 300_000);
    Payload reply = Payload.of(12, 1_500_000);
    Behaviour readToEofThenReply = c -> {
      Ending e = c.drain();
      if (e == Ending.EOF) {
        c.write(reply.toByteArray());
        c.sendFin();
      }
    };
    try (ScriptedBackend backend = new ScriptedBackend(readToEofThenReply);
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute(backend.address()));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      Peers.write(client, request.toByteArray(), WAIT);
      Peers.sendFin(client);
      byte[] got = Peers.readToEof(client, WAIT);
      assertThat(Arrays.equals(got, reply.toByteArray())).as("client received the whole reply, then EOF").isTrue();
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.received()).isEqualTo(request.digest());
      assertThat(seen.ending()).isEqualTo(Ending.EOF);
    }
  }

  @Test
  void backendFinReachesTheClientWhichThenSendsAMebibyteTheBackendReceivesBeforeEof() throws Exception {
    Payload greeting = Payload.of(21, 200_000);
    Payload upload = Payload.of(22, 1_500_000);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(greeting.toByteArray()));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute(backend.address()));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      byte[] got = Peers.readToEof(client, WAIT);
      assertThat(Arrays.equals(got, greeting.toByteArray())).as("greeting then EOF").isTrue();
      Peers.write(client, upload.toByteArray(), WAIT);
      Peers.sendFin(client);
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.received()).isEqualTo(upload.digest());
      assertThat(seen.ending()).isEqualTo(Ending.EOF);
      Peers.expectEof(client, WAIT);
    }
  }
}
