package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.StreamDigest;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM drains a running gateway process and exits 0; a second signal forces it. */
class StopSignalTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Live streaming connections when SIGTERM arrives. */
  private static final int STREAMS = 50;

  @TempDir
  Path dir;

  private Process start(int port, InetSocketAddress backend, String drain) throws Exception {
    Path conf = dir.resolve("gw.yaml");
    Files.writeString(conf, "admin: { enabled: false }\nshutdown: { drain-timeout: " + drain + ", action: fin }\nroutes:\n"
      + "  - { name: r, listen: \"127.0.0.1:" + port + "\", backends: [ \"127.0.0.1:" + backend.getPort() + "\" ] }\n");
    return GatewayProcess.start(conf, dir.resolve("gw.log"), new InetSocketAddress("127.0.0.1", port), WAIT);
  }

  @Test
  void sigtermRefusesNewClientsLetsStreamsFinishAndExitsZero() throws Exception {
    Payload down = Payload.of(8, 1_500_000);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(down.toByteArray()))) {
      int port = FreePorts.freePort(); // once the backend listens: the number cannot be the backend's
      Process gw = start(port, backend.address(), "10s");
      try {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        ExecutorService readers = Executors.newFixedThreadPool(STREAMS); // one thread per stream: every reader reads at once
        List<CompletableFuture<StreamDigest>> streams = SlowStreams.open(address, STREAMS, 1_000_000, readers, WAIT); // ~1.5 s each
        long t0 = System.nanoTime();
        gw.destroy(); // SIGTERM
        try {
          PortChecks.waitUntilRefused(address, WAIT);
        } catch (AssertionError e) {
          throw new AssertionError(e.getMessage() + "\ngateway's log:\n" + GatewayProcess.read(dir.resolve("gw.log")), e);
        }
        for (CompletableFuture<StreamDigest> s : streams) {
          assertThat(s.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(down.digest());
        }
        readers.shutdown();
        assertThat(gw.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(gw.exitValue()).as(Files.readString(dir.resolve("gw.log"))).isZero();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to exit: streams take ~1.5 s, the deadline is 10 s").isLessThan(8_000);
        String log = Files.readString(dir.resolve("gw.log"));
        assertThat(log.lines().filter(l -> l.startsWith("{\"id\":") && l.contains("\"cause\":\"completed\"")).count())
          .as("an access log line for every stream, written out before the exit").isEqualTo(STREAMS);
      } finally {
        gw.destroyForcibly();
      }
    }
  }

  /** The second signal resets every connection left (a FIN would pass a cut stream off as whole), logs it, and exits 1. */
  @Test
  void aDrainTimeoutChangedByReloadIsTheOneAStopWaits() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen(WAIT))) {
      int port = FreePorts.freePort(); // once the backend listens: the number cannot be the backend's
      Process gw = start(port, backend.address(), "20s");
      try (Socket held = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
        backend.awaitConnections(1, WAIT);
        Path conf = dir.resolve("gw.yaml");
        Await.until("the file to be watched", WAIT, () -> GatewayProcess.logged(dir.resolve("gw.log"), "for changes every"));
        Files.writeString(conf, Files.readString(conf).replace("drain-timeout: 20s", "drain-timeout: 1s"));
        Await.until("the reload to apply", WAIT, () -> GatewayProcess.logged(dir.resolve("gw.log"), "config reloaded"));
        long t0 = System.nanoTime();
        gw.destroy();
        assertThat(gw.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(gw.exitValue()).as(Files.readString(dir.resolve("gw.log"))).isZero();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to exit: the reloaded deadline is 1 s, the first one 20 s").isLessThan(10_000);
      } finally {
        gw.destroyForcibly();
      }
    }
  }

  @Test
  void aSecondSignalEndsTheDrainAtOnce() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen(WAIT))) {
      int port = FreePorts.freePort(); // once the backend listens: the number cannot be the backend's
      Process gw = start(port, backend.address(), "60s");
      try (Socket held = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
        backend.awaitConnections(1, WAIT);
        gw.destroy();
        Await.until("the drain to start", WAIT, () -> GatewayProcess.logged(dir.resolve("gw.log"), "draining live connections"));
        long t0 = System.nanoTime();
        gw.destroy();
        Peers.expectReset(held, WAIT);
        assertThat(gw.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(gw.exitValue()).isEqualTo(GracefulStop.EXIT_FORCED);
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        assertThat(Files.readString(dir.resolve("gw.log"))).as("the access log line").contains("\"cause\":\"shutdown\"")
          .contains("\"client_got\":\"rst\"");
      } finally {
        gw.destroyForcibly();
      }
    }
  }
}
