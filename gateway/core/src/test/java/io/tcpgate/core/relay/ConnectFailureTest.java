package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.route.BackendPool;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.LogCapture;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.UnreachableBackends;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When no backend answers the client gets the configured FIN or RST in time; a down backend is skipped. */
class ConnectFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Connect timeout of the routes under test, ms. */
  private static final long TIMEOUT_MS = 400;
  /** Scheduling slack allowed on top of the connect timeouts, ms. */
  private static final long TOLERANCE_MS = 700;

  private static String route(List<InetSocketAddress> backends, String action) {
    return Routes.oneRoute("r", backends, "    connect-timeout: " + TIMEOUT_MS + "ms\n    connect-failure: " + action + "\n");
  }

  @Test
  void refusedBackendsGiveTheClientFinByDefaultConfigured() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(route(List.of(down.refused(), down.refused()), "fin"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      long t0 = System.nanoTime();
      Peers.write(client, "hello".getBytes(StandardCharsets.US_ASCII), WAIT);
      Peers.expectEof(client, WAIT);
      assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(TOLERANCE_MS);
      awaitStat(gw, CloseCause.CONNECT_FAILED, 1);
      assertThat(gw.gateway().route("r").runtime().stats().connectFailures()).isEqualTo(1);
    }
  }

  @Test
  void refusedBackendsGiveTheClientRstWhenConfigured() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(route(List.of(down.refused()), "rst"))) {
      Socket client;
      try {
        client = Peers.connect(gw.address("r"), WAIT);
      } catch (SocketException e) {
        // the refusal can be that fast: the reset arrived while the client was still in connect()
        assertThat(e.getMessage()).contains("Connection reset");
        return;
      }
      try (client) {
        Peers.expectReset(client, WAIT);
      }
    }
  }

  @Test
  void unreachableBackendsGiveTheClientFinWithinTheConnectTimeoutOfEach() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(route(List.of(down.blackholed(), down.blackholed()), "fin"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      long t0 = System.nanoTime();
      Peers.expectEof(client, WAIT);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("two attempts of %d ms each", TIMEOUT_MS).isBetween(2 * TIMEOUT_MS - 50, 2 * TIMEOUT_MS + TOLERANCE_MS);
    }
  }

  @Test
  void unreachableBackendGivesTheClientRstWithinTheConnectTimeout() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(route(List.of(down.blackholed()), "rst"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      long t0 = System.nanoTime();
      Peers.expectReset(client, WAIT);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).isBetween(TIMEOUT_MS - 50, TIMEOUT_MS + TOLERANCE_MS);
    }
  }

  @Test
  void aBackendSocketThatConnectsAfterItsConnectionBeganClosingIsClosedQuietly() throws Exception {
    LogCapture log = new LogCapture();
    try (log; // closed last, after the gateway stopped: nothing it logs is missed
         UnreachableBackends down = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(down.blackholed()), "    connect-timeout: 20s\n"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      connection.closeOnLoop(CloseAction.FIN, CloseCause.ADMIN); // while its backend connect waits
      Peers.expectEof(client, WAIT); // the client's FIN is still awaited: the connection is closing, not ended
      ServerSocket backend = down.letBlackholedConnectsThrough();
      backend.setSoTimeout((int) WAIT.toMillis());
      try (Socket late = backend.accept()) {
        Peers.expectEof(late, WAIT); // the gateway closes the socket it no longer needs
      }
      assertThat(connection.isFinished()).as("finished before the client's FIN").isFalse();
      client.close();
      Await.until("the connection ending", WAIT, connection::isFinished);
    }
    assertThat(log.warnings()).as("warnings and errors logged").isEmpty();
  }

  @Test
  void withOneBackendDownAndOneUpEveryConnectionSucceeds() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends();
         ScriptedBackend up = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(route(List.of(down.refused(), up.address()), "rst"))) {
      for (int i = 0; i < 20; i++) {
        try (Socket client = Peers.connect(gw.address("r"), WAIT)) {
          byte[] msg = ("ping " + i).getBytes(StandardCharsets.US_ASCII);
          Peers.write(client, msg, WAIT);
          assertThat(Peers.readExactly(client, msg.length, WAIT)).isEqualTo(msg);
        }
      }
      assertThat(up.acceptedCount()).isEqualTo(20);
    }
  }

  /** Connect timeout of the failure-marking routes, ms: long, so that a wait for it cannot pass for an echo's. */
  private static final long SLOW_TIMEOUT_MS = 2_000;

  /** Milliseconds from connecting through route r to the echo of one byte. */
  private static long echoMillis(EmbeddedGateway gw) throws Exception {
    long t0 = System.nanoTime();
    try (Socket c = Peers.connect(gw.address("r"), WAIT)) {
      Peers.write(c, new byte[] {7}, WAIT);
      assertThat(Peers.readExactly(c, 1, WAIT)).containsExactly(7);
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Test
  void aBackendThatFailedIsTriedLastSoLaterClientsDoNotWaitForIt() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends();
         ScriptedBackend up = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(down.blackholed(), up.address()),
           "    connect-timeout: " + SLOW_TIMEOUT_MS + "ms\n"))) {
      BackendPool pool = gw.gateway().route("r").runtime().backends();
      assertThat(echoMillis(gw)).as("the first client: the blackhole first, then the echo").isGreaterThanOrEqualTo(SLOW_TIMEOUT_MS - 50);
      assertThat(pool.triedLast()).extracting(a -> a.port()).containsExactly(down.blackholed().getPort());
      for (int i = 0; i < 6; i++) { // the round-robin start alternates: half of these would try the blackhole first
        assertThat(echoMillis(gw)).as("client %d", i + 2).isLessThan(SLOW_TIMEOUT_MS);
      }
      assertThat(up.acceptedCount()).isEqualTo(7);
    }
  }

  @Test
  void withMaxFailsZeroAFailedBackendKeepsItsTurn() throws Exception {
    try (UnreachableBackends down = new UnreachableBackends();
         ScriptedBackend up = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(down.blackholed(), up.address()),
           "    connect-timeout: " + SLOW_TIMEOUT_MS + "ms\n    max-fails: 0\n"))) {
      assertThat(echoMillis(gw)).as("client 1: the blackhole first").isGreaterThanOrEqualTo(SLOW_TIMEOUT_MS - 50);
      assertThat(echoMillis(gw)).as("client 2: the echo first").isLessThan(SLOW_TIMEOUT_MS);
      assertThat(echoMillis(gw)).as("client 3: the blackhole first again").isGreaterThanOrEqualTo(SLOW_TIMEOUT_MS - 50);
      assertThat(gw.gateway().route("r").runtime().backends().triedLast()).isEmpty();
    }
  }

  @Test
  void leastConnectionsSendsNewClientsToTheLessBusyBackend() throws Exception {
    try (ScriptedBackend a = new ScriptedBackend(Behaviour.echo());
         ScriptedBackend b = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(a.address(), b.address()), "    balance: least-connections\n"));
         Socket held = Peers.connect(gw.address("r"), WAIT)) {
      Peers.write(held, new byte[] {1}, WAIT);
      Peers.readExactly(held, 1, WAIT);
      ScriptedBackend busy = a.acceptedCount() == 1 ? a : b;
      ScriptedBackend idle = busy == a ? b : a;
      for (int i = 0; i < 3; i++) {
        try (Socket c = Peers.connect(gw.address("r"), WAIT)) {
          Peers.write(c, new byte[] {2}, WAIT);
          Peers.readExactly(c, 1, WAIT);
        }
        idle.awaitConnections(i + 1, WAIT);
        awaitLive(gw, 1);
      }
      assertThat(busy.acceptedCount()).isEqualTo(1);
    }
  }

  private static void awaitLive(EmbeddedGateway gw, long n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (gw.gateway().route("r").runtime().stats().live() != n && System.nanoTime() < deadline) {
      Thread.sleep(5); // polling interval, bounded by the deadline
    }
    assertThat(gw.gateway().route("r").runtime().stats().live()).isEqualTo(n);
  }

  private static void awaitStat(EmbeddedGateway gw, CloseCause cause, long n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (gw.gateway().route("r").runtime().stats().closes(cause) < n && System.nanoTime() < deadline) {
      Thread.sleep(5); // polling interval, bounded by the deadline
    }
    assertThat(gw.gateway().route("r").runtime().stats().closes(cause)).isEqualTo(n);
  }
}
