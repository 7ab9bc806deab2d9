package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.Observed;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The backend socket of a connection to an IP address: on the native transport a socket on the event
 * loop's epoll directly ({@link EpollLegSocket}), on NIO a Netty channel; the relay's guarantees hold on
 * both.
 */
class BackendSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int BUFFER = 64 * 1024;

  /**
   * A backend that sends 64 MiB and its FIN as fast as it can to a client that reads at 16 MiB/s: the
   * download arrives byte-exact with its FIN, reading the backend pauses while the client lags, nothing
   * is read while paused, and no more than the route's buffer-size is ever queued for the client.
   */
  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void aFastBackendToASlowClientIsBoundedByTheBufferAndArrivesWhole(boolean nativeTransport) throws Exception {
    Payload download = Payload.of(31, 64L << 20);
    try (ScriptedBackend backend = new ScriptedBackend(c -> {
           download.writeTo(c.socket().getOutputStream());
           c.sendFin();
           c.drain();
         });
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), "    buffer-size: 64k\n")
           .replace("admin:", "native-transport: " + nativeTransport + "\nadmin:"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      AtomicReference<LegSocket> backendSocket = new AtomicReference<>();
      StreamDigest got = new SlowReader(16L << 20).readToEof(client, WAIT, () -> backendSocket.set(
        connection.readOnLoop(() -> connection.leg(Side.BACKEND).socket()).toCompletionStage().toCompletableFuture().join()));
      assertThat(backendSocket.get()).as("the backend socket")
        .isInstanceOf(nativeTransport ? EpollLegSocket.class : ChannelLegSocket.class);
      assertThat(got).isEqualTo(download.digest());
      Peers.sendFin(client);
      Observed seen = backend.awaitObserved(0, WAIT);
      assertThat(seen.ending()).isEqualTo(Ending.EOF);
      assertThat(connection.overflowBytes(Direction.DOWNSTREAM)).as("bytes read while paused").isZero();
      assertThat(connection.maxQueuedBytes(Direction.DOWNSTREAM)).as("bytes queued toward the client")
        .isPositive().isLessThanOrEqualTo(BUFFER);
    }
  }
}
