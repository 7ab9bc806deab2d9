package io.tcpgate.plugins.socketoptions;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.Sha256Sink;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** socket-buffers on a real gateway: the sizes read back from its sockets, and bytes still relayed exactly. */
class SocketBuffersGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int ASKED = 96 * 1024;

  @BeforeEach
  void forgetEarlierConnections() {
    SocketProbe.forget();
  }

  @Test
  void bothSocketsReadBackTheSizesAskedForAndEveryByteIsEchoed() throws Exception {
    String policy = "type: socket-buffers, client-receive: 96k, client-send: 96k, backend-receive: 96k, backend-send: 96k";
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(policy).policy("type: socket-probe").yaml());
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      Map<Side, SocketProbe.Options> options = SocketProbe.next(WAIT);
      for (Side side : Side.values()) {
        // Linux reports twice the size asked for (its bookkeeping); the cap (rmem_max/wmem_max) is far above 96k
        for (int n : options.get(side).buffers()) {
          assertThat(n).as(side.wireName()).isBetween(ASKED, 2 * ASKED);
        }
      }
      Payload payload = Payload.of(7, 8L * 1024 * 1024);
      PendingWrite sent = Peers.writeAsyncThenFin(client, payload);
      assertThat(Sha256Sink.drain(client, WAIT)).as("every byte back, in order, then EOF").isEqualTo(payload.digest());
      sent.await(WAIT);
    }
  }

  @Test
  void withoutThePolicyTheKernelSizesTheBuffers() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy("type: socket-probe").yaml());
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      Map<Side, SocketProbe.Options> options = SocketProbe.next(WAIT);
      for (Side side : Side.values()) {
        assertThat(options.get(side).buffers()).as(side.wireName()).doesNotContain(2 * ASKED);
      }
    }
  }
}
