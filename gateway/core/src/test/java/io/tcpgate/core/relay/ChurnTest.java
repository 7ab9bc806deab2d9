package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.route.RouteStats;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Clients that vanish at any moment, backend connect still pending included, leave nothing behind. */
class ChurnTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void clientsThatResetOrCloseAtOnceAreAllAccountedForAndTheRouteStillServes() throws Exception {
    int n = 300;
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute(backend.address()))) {
      for (int i = 0; i < n; i++) {
        Socket c = Peers.connect(gw.address("r"), WAIT);
        c.getOutputStream().write(new byte[] {(byte) i});
        if (i % 2 == 0) {
          Peers.sendRst(c);
        } else {
          c.close();
        }
      }
      RouteStats stats = gw.gateway().route("r").runtime().stats();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while ((stats.live() != 0 || stats.total() != n) && System.nanoTime() < deadline) {
        Thread.sleep(10); // polling interval, bounded by the deadline
      }
      assertThat(stats.total()).isEqualTo(n);
      assertThat(stats.live()).as("live connections after every client left").isZero();
      try (Socket c = Peers.connect(gw.address("r"), WAIT)) {
        Peers.write(c, new byte[] {42}, WAIT);
        assertThat(Peers.readExactly(c, 1, WAIT)).containsExactly(42);
      }
    }
  }
}
