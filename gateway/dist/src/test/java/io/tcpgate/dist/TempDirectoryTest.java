package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process leaves no {@code vertx-cache-*} directory in its {@code java.io.tmpdir}, however it
 * ends: Vert.x removes one only on an orderly exit, so a process halted by a second signal or killed
 * left one behind each time. The gateway makes none.
 */
class TempDirectoryTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  /** What ends the gateway, a client connected through its route. */
  private interface HowItEnds {
    void end(Process gw, Socket client) throws Exception;
  }

  /**
   * Starts a gateway (its admin API and one route) with a temp directory of its own, checks that it runs,
   * ends it with {@code ending}, and checks that it exited with {@code code} and that nothing of Vert.x is
   * left in the directory.
   */
  private void runAndEnd(HowItEnds ending, int code) throws Exception {
    Path tmp = Files.createDirectory(dir.resolve("tmp"));
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo())) {
      List<Integer> ports = FreePorts.distinctFreePorts("127.0.0.1", 2); // once the backend listens: neither is its number
      InetSocketAddress listen = new InetSocketAddress("127.0.0.1", ports.get(0));
      Path conf = dir.resolve("gw.yaml");
      Files.writeString(conf, "admin: { host: 127.0.0.1, port: " + ports.get(1) + " }\nshutdown: { drain-timeout: 60s, action: fin }\n"
        + "routes:\n  - { name: r, listen: \"127.0.0.1:" + listen.getPort() + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
      Process gw = GatewayProcess.start(List.of("-Djava.io.tmpdir=" + tmp), conf, log(), listen, WAIT);
      try (Socket client = Peers.connect(listen, WAIT)) {
        backend.awaitConnections(1, WAIT);
        Await.until("the started line", WAIT, () -> GatewayProcess.logged(log(), "started in"));
        assertThat(AdminClient.get(ports.get(1), "/version")).as("the admin API answers").isNotEmpty();
        ending.end(gw, client);
        assertThat(gw.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(() -> "exited\n" + GatewayProcess.read(log())).isTrue();
        assertThat(gw.exitValue()).as(() -> GatewayProcess.read(log())).isEqualTo(code);
        assertThat(vertxCaches(tmp)).as("Vert.x's file caches left in the temp directory").isEmpty();
      } finally {
        gw.destroyForcibly();
      }
    }
  }

  private Path log() {
    return dir.resolve("gw.log");
  }

  private static List<String> vertxCaches(Path tmp) throws IOException {
    try (Stream<Path> files = Files.list(tmp)) {
      return files.map(f -> f.getFileName().toString()).filter(name -> name.startsWith("vertx-cache")).toList();
    }
  }

  @Test
  void aGatewayStoppedBySigtermLeavesNoVertxCache() throws Exception {
    runAndEnd((gw, client) -> {
      client.close(); // the backend ends it too: nothing to drain
      gw.destroy();
    }, 0);
  }

  @Test
  void aGatewayHaltedByASecondSignalLeavesNoVertxCache() throws Exception {
    runAndEnd((gw, client) -> {
      gw.destroy();
      Await.until("the drain to start", WAIT, () -> GatewayProcess.logged(log(), "draining live connections"));
      gw.destroy();
    }, GracefulStop.EXIT_FORCED);
  }

  @Test
  void aGatewayKilledBySigkillLeavesNoVertxCache() throws Exception {
    runAndEnd((gw, client) -> gw.destroyForcibly(), 137);
  }
}
