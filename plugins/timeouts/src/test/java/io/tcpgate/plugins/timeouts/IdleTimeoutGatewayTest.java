package io.tcpgate.plugins.timeouts;

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
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The idle-timeout policy on a real gateway and loopback sockets: when it fires (measured from the last
 * byte or FIN the client exchanged) and what each side then observes.
 */
class IdleTimeoutGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final long TIMEOUT_MS = 400;
  private static final String POLICY = "type: idle-timeout, timeout: " + TIMEOUT_MS + "ms";
  /** Idle timeout of the slow-reader test, ms: well under its ~7 s of writes, well over a scheduling stall. */
  private static final long SLOW_READER_TIMEOUT_MS = 1_500;
  private static final String SLOW_READER_POLICY = "type: idle-timeout, timeout: " + SLOW_READER_TIMEOUT_MS + "ms";
  /** Fired no earlier than the timeout minus this (ms rounding of the gateway's timer). */
  private static final long EARLY_MS = 25;
  /** Fired no later than the timeout plus this (a loaded 2-core machine). */
  private static final long LATE_MS = 500;
  /** Traffic: one byte every TICK for TICKS ticks, three times the timeout in all. */
  private static final long TICK_MS = 100;
  private static final int TICKS = 12;

  /** What the client does before the silence; the silence is timed from its return. */
  private interface Traffic {
    void run(Socket client) throws Exception;
  }

  /**
   * Runs {@code traffic} through a gateway with {@code policy} to a backend running {@code script}, then
   * checks that the client sees {@code clientSees} (EOF or RESET) one timeout after the traffic ended.
   *
   * @return what the backend observed, once it saw the close too
   */
  private static Observed closedAfterSilence(Behaviour script, String policy, Traffic traffic, Ending clientSees) throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(script);
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(policy).yaml());
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      traffic.run(client);
      long silenceFrom = System.nanoTime();
      Peers.expectEnding(client, clientSees, WAIT);
      long ms = (System.nanoTime() - silenceFrom) / 1_000_000;
      assertThat(ms).as("ms from the last byte to the close").isBetween(TIMEOUT_MS - EARLY_MS, TIMEOUT_MS + LATE_MS);
      Await.until("the backend to see the close", WAIT, () -> backend.observed(0).ending() != Ending.OPEN);
      return backend.observed(0);
    }
  }

  /** Waits until the next tick of a fixed-rate traffic schedule that started at {@code startNanos}. */
  private static void untilTick(long startNanos, int tick) {
    long due = startNanos + tick * TICK_MS * 1_000_000;
    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) { // bounded by due
      LockSupport.parkNanos(left);
    }
  }

  @Test
  void withNoTrafficBothSidesGetFinAfterTheTimeout() throws Exception {
    Observed backend = closedAfterSilence(Behaviour.sink(), POLICY, client -> { }, Ending.EOF);
    assertThat(backend.ending()).isEqualTo(Ending.EOF);
  }

  @Test
  void withActionRstBothSidesGetResetAfterTheTimeout() throws Exception {
    Observed backend = closedAfterSilence(Behaviour.sink(), POLICY + ", action: rst", client -> { }, Ending.RESET);
    assertThat(backend.ending()).isEqualTo(Ending.RESET);
  }

  @Test
  void bytesFlowingOnlyUpstreamKeepItOpenThenItFiresAfterTheLastOne() throws Exception {
    Traffic upstream = client -> {
      long start = System.nanoTime();
      for (int i = 0; i < TICKS; i++) {
        untilTick(start, i);
        client.getOutputStream().write(i);
      }
    };
    Observed backend = closedAfterSilence(Behaviour.sink(), POLICY, upstream, Ending.EOF);
    assertThat(backend.bytesReceived()).isEqualTo(TICKS);
    assertThat(backend.ending()).isEqualTo(Ending.EOF);
  }

  @Test
  void bytesFlowingOnlyDownstreamKeepItOpenThenItFiresAfterTheLastOne() throws Exception {
    Behaviour ticking = c -> {
      long start = System.nanoTime();
      for (int i = 0; i < TICKS; i++) {
        untilTick(start, i);
        c.write(new byte[] {(byte) i});
      }
      c.drain();
    };
    Traffic downstream = client -> {
      for (int i = 0; i < TICKS; i++) {
        assertThat(Peers.readExactly(client, 1, WAIT)[0]).isEqualTo((byte) i);
      }
    };
    assertThat(closedAfterSilence(ticking, POLICY, downstream, Ending.EOF).ending()).isEqualTo(Ending.EOF);
  }

  @Test
  void bytesFlowingBothWaysKeepItOpenThenItFiresAfterTheLastOne() throws Exception {
    Traffic bothWays = client -> {
      long start = System.nanoTime();
      for (int i = 0; i < TICKS; i++) {
        untilTick(start, i);
        client.getOutputStream().write(i);
        assertThat(Peers.readExactly(client, 1, WAIT)[0]).isEqualTo((byte) i);
      }
    };
    assertThat(closedAfterSilence(Behaviour.echo(), POLICY, bothWays, Ending.EOF).bytesReceived()).isEqualTo(TICKS);
  }

  @Test
  void afterTheClientsFinTheShorterHalfClosedTimeoutCloses() throws Exception {
    Behaviour greetReadThenHold = c -> {
      c.write(new byte[] {0});
      c.drain();
      c.awaitBackendClose(WAIT);
    };
    Traffic bytesThenFin = client -> {
      Peers.readExactly(client, 1, WAIT); // the relay is up: the FIN reaches the policy at once
      client.getOutputStream().write(new byte[] {1, 2, 3});
      Peers.sendFin(client);
    };
    Observed backend = closedAfterSilence(greetReadThenHold, "type: idle-timeout, timeout: 1m, half-closed-timeout: " + TIMEOUT_MS + "ms",
      bytesThenFin, Ending.EOF);
    assertThat(backend.bytesReceived()).isEqualTo(3);
    assertThat(backend.ending()).isEqualTo(Ending.EOF);
  }

  @Test
  void bytesTheGatewayWritesToASlowReaderKeepItOpenThoughItReadsNothing() throws Exception {
    // The backend sends at once and goes quiet; the gateway then only writes, as fast as the client reads
    // (small socket buffers: what is on its way waits in the gateway, whose reading stays paused).
    Payload payload = Payload.of(3, 300_000);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.speakFirst(payload.toByteArray(), Behaviour.holdOpen(Duration.ofSeconds(30))));
         // a longer timeout than the class's: the reader is paced by a test thread, which a busy machine may
         // leave unscheduled for a few hundred ms (nothing is written then: a real idle)
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(SLOW_READER_POLICY)
           .policy("type: socket-buffers, client-send: 4k, backend-receive: 4k").yaml());
         Socket client = new Socket()) {
      client.setReceiveBufferSize(8 * 1024);
      client.connect(gw.address(ROUTE), (int) WAIT.toMillis());
      StreamDigest got = new SlowReader(40_000).readToEof(client, Duration.ofSeconds(20));
      assertThat(got).as("every byte, at 40 KB/s over ~7 s with a %d ms idle timeout, then the FIN", SLOW_READER_TIMEOUT_MS)
        .isEqualTo(payload.digest());
    }
  }
}
