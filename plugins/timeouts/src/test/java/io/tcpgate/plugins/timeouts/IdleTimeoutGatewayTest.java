package io.tcpgate.plugins.timeouts;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Ending;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The idle-timeout policy on a real gateway and loopback sockets: when it fires (measured from the last
 * byte the peers exchanged) and what each side then observes.
 */
class IdleTimeoutGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final long TIMEOUT_MS = 400;
  /** Fired no earlier than the timeout minus this (ms rounding of the gateway's timer). */
  private static final long EARLY_MS = 25;
  /** Fired no later than the timeout plus this (a loaded 2-core machine). */
  private static final long LATE_MS = 500;
  /** Traffic: one byte every TICK for TICKS ticks, three times the timeout in all. */
  private static final long TICK_MS = 100;
  private static final int TICKS = 12;

  private static EmbeddedGateway gateway(ScriptedBackend backend, String policy) throws Exception {
    return EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(policy).yaml());
  }

  private static void assertFiredOnTime(long sinceNanos) {
    long ms = (System.nanoTime() - sinceNanos) / 1_000_000;
    assertThat(ms).as("ms from the last byte to the close").isBetween(TIMEOUT_MS - EARLY_MS, TIMEOUT_MS + LATE_MS);
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
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink());
         EmbeddedGateway gw = gateway(backend, "type: idle-timeout, timeout: " + TIMEOUT_MS + "ms");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      long connected = System.nanoTime();
      Peers.expectEof(client, WAIT);
      assertFiredOnTime(connected);
      assertThat(backend.awaitObserved(0, WAIT).ending()).isEqualTo(Ending.EOF);
    }
  }

  @Test
  void withActionRstBothSidesGetResetAfterTheTimeout() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink());
         EmbeddedGateway gw = gateway(backend, "type: idle-timeout, timeout: " + TIMEOUT_MS + "ms, action: rst");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      long connected = System.nanoTime();
      Peers.expectReset(client, WAIT);
      assertFiredOnTime(connected);
      assertThat(backend.awaitObserved(0, WAIT).ending()).isEqualTo(Ending.RESET);
    }
  }

  @Test
  void bytesFlowingOnlyUpstreamKeepItOpenThenItFiresAfterTheLastOne() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink());
         EmbeddedGateway gw = gateway(backend, "type: idle-timeout, timeout: " + TIMEOUT_MS + "ms");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      long start = System.nanoTime();
      for (int i = 0; i < TICKS; i++) {
        untilTick(start, i);
        client.getOutputStream().write(i);
      }
      long lastByte = System.nanoTime();
      Peers.expectEof(client, WAIT);
      assertFiredOnTime(lastByte);
      assertThat(backend.awaitObserved(0, WAIT).bytesReceived()).isEqualTo(TICKS);
    }
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
    try (ScriptedBackend backend = new ScriptedBackend(ticking);
         EmbeddedGateway gw = gateway(backend, "type: idle-timeout, timeout: " + TIMEOUT_MS + "ms");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      for (int i = 0; i < TICKS; i++) {
        assertThat(Peers.readExactly(client, 1, WAIT)[0]).isEqualTo((byte) i);
      }
      long lastByte = System.nanoTime();
      Peers.expectEof(client, WAIT);
      assertFiredOnTime(lastByte);
      assertThat(backend.awaitObserved(0, WAIT).ending()).isEqualTo(Ending.EOF);
    }
  }

  @Test
  void bytesFlowingBothWaysKeepItOpenThenItFiresAfterTheLastOne() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = gateway(backend, "type: idle-timeout, timeout: " + TIMEOUT_MS + "ms");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      long start = System.nanoTime();
      for (int i = 0; i < TICKS; i++) {
        untilTick(start, i);
        client.getOutputStream().write(i);
        assertThat(Peers.readExactly(client, 1, WAIT)[0]).isEqualTo((byte) i);
      }
      long lastByte = System.nanoTime();
      Peers.expectEof(client, WAIT);
      assertFiredOnTime(lastByte);
    }
  }

  @Test
  void afterTheClientsFinTheShorterHalfClosedTimeoutCloses() throws Exception {
    Behaviour readThenHold = c -> {
      c.drain();
      c.awaitBackendClose(WAIT);
    };
    try (ScriptedBackend backend = new ScriptedBackend(readThenHold);
         EmbeddedGateway gw = gateway(backend, "type: idle-timeout, timeout: 1m, half-closed-timeout: " + TIMEOUT_MS + "ms");
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      client.getOutputStream().write(new byte[] {1, 2, 3});
      Peers.sendFin(client);
      long fin = System.nanoTime();
      Peers.expectEof(client, WAIT);
      assertFiredOnTime(fin);
      assertThat(backend.observed(0).bytesReceived()).isEqualTo(3);
      assertThat(backend.observed(0).ending()).isEqualTo(Ending.EOF);
    }
  }
}
