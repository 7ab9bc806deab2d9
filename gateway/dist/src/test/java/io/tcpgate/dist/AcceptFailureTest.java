package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process out of file descriptors: one clear log line naming the route (no stack trace per
 * failed accept), and it accepts again once descriptors are free. The gateway runs in its own JVM whose
 * open-files limit is lowered with {@code prlimit} once it listens.
 */
class AcceptFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** Clients opened at once per round: the acceptor takes several per wake-up, so one of them meets EMFILE. */
  private static final int BURST = 8;
  private static final int MAX_ROUNDS = 10;
  private static final String FAILURE_LINE = "route r: cannot accept clients";

  @TempDir
  Path dir;

  @Test
  void runningOutOfFileDescriptorsLogsOneLineAndAcceptingResumesWhenTheyAreFree() throws Exception {
    Path log = dir.resolve("gw.log");
    try (EchoServer backend = new EchoServer()) {
      int port = FreePorts.freePort(); // once the backend listens: the number cannot be the backend's
      InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
      Path conf = Files.writeString(dir.resolve("gw.yaml"), "admin: { enabled: false }\nroutes:\n"
        + "  - { name: r, listen: \"127.0.0.1:" + port + "\", backends: [ \"127.0.0.1:" + backend.address().getPort() + "\" ] }\n");
      Process gw = GatewayProcess.start(conf, log, address, WAIT);
      List<Socket> clients = new ArrayList<>();
      try {
        long open;
        try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(gw.pid()), "fd"))) {
          open = fds.count();
        }
        // room for a few relayed connections (two descriptors each), no more
        Process limit = new ProcessBuilder("prlimit", "--pid", String.valueOf(gw.pid()), "--nofile=" + (open + 6) + ":" + (open + 6))
          .redirectErrorStream(true).start();
        assertThat(limit.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(limit.exitValue()).as(new String(limit.getInputStream().readAllBytes())).isZero();

        for (int round = 0; round < MAX_ROUNDS && !logged(log); round++) {
          for (int i = 0; i < BURST; i++) {
            clients.add(Peers.connect(address, WAIT));
          }
          Await.until("the gateway to take up the burst", Duration.ofSeconds(3), () -> logged(log) || backend.connectionCount() >= 3);
        }
        Await.until("the accept failure to be logged", WAIT, () -> logged(log));
        long firstSeen = System.nanoTime();

        String text = Files.readString(log);
        assertThat(text).contains("Too many open files").contains("ulimit -n")
          .doesNotContain("reached at the tail of the pipeline");
        long lines = text.lines().filter(l -> l.contains(FAILURE_LINE)).count();
        // one line per 10 s started since the first, plus one for the time before the first was seen
        long allowed = 1 + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - firstSeen) / 10 + 1;
        assertThat(lines).as("one line per route per 10 s at most").isBetween(1L, allowed);

        for (Socket c : clients) {
          c.close();
        }
        clients.clear();
        Await.until("a new client to be relayed once descriptors are free", WAIT, () -> echoes(address));
      } finally {
        for (Socket c : clients) {
          c.close();
        }
        gw.destroyForcibly();
        gw.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static boolean logged(Path log) {
    return GatewayProcess.logged(log, FAILURE_LINE);
  }

  /** Whether a new client gets its bytes echoed through the gateway within a second. */
  private static boolean echoes(InetSocketAddress address) {
    try (Socket c = Peers.connect(address, Duration.ofSeconds(1))) {
      c.setSoTimeout(1000);
      c.getOutputStream().write("ping".getBytes());
      return Arrays.equals(c.getInputStream().readNBytes(4), "ping".getBytes());
    } catch (IOException e) {
      return false;
    }
  }
}
