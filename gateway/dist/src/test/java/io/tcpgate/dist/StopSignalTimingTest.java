package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.tcpgate.testkit.ScriptedBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stop signals at awkward moments (see {@link GracefulStop}): two at once, and during the start. The
 * gateway runs many routes, so that its start and its stop take a while: the first route listens,
 * the others (on port 0) follow one by one.
 */
class StopSignalTimingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Routes after the first: at ~2 ms each, the start goes on for a few hundred ms once the first listens. */
  private static final int MORE_ROUTES = 150;
  /** Routes after the first for a start that goes on for a few seconds once the first listens. */
  private static final int MANY_MORE_ROUTES = 1_500;
  private static final String STARTED = "started in";

  @TempDir
  Path dir;

  private Path log() {
    return dir.resolve("gw.log");
  }

  /**
   * Starts the gateway and returns once its first route (on {@code port}) listens: the {@code moreRoutes}
   * others may not yet.
   */
  private Process start(int port, InetSocketAddress backend, int moreRoutes) throws Exception {
    StringBuilder conf = new StringBuilder("admin: { enabled: false }\nshutdown: { drain-timeout: 60s, action: fin }\nroutes:\n");
    conf.append("  - { name: first, listen: \"127.0.0.1:").append(port).append("\", backends: [ \"127.0.0.1:").append(backend.getPort()).append("\" ] }\n");
    for (int i = 0; i < moreRoutes; i++) {
      conf.append("  - { name: r").append(i).append(", listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:").append(backend.getPort()).append("\" ] }\n");
    }
    Path file = dir.resolve("gw.yaml");
    Files.writeString(file, conf);
    return GatewayProcess.start(file, log(), new InetSocketAddress("127.0.0.1", port), WAIT);
  }

  /**
   * Sends {@code signals} in this order from one shell, a few microseconds apart. Those sent between
   * STOP and CONT are delivered together once the process runs again, and the log cannot grow in between.
   */
  private static void send(Process p, String... signals) throws Exception {
    if (List.of(signals).contains("INT")) {
      assumeThat(Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status")).stream()
        .filter(l -> l.startsWith("SigIgn:")).map(l -> Long.parseLong(l.substring(7).trim(), 16) & 2).findFirst().orElse(0L))
        .as("SIGINT is ignored here (started in the background without job control): the gateway cannot see it").isZero();
    }
    List<String> command = new ArrayList<>(List.of("sh", "-c", "for s; do kill -s $s $0 || exit 1; done", Long.toString(p.pid())));
    command.addAll(List.of(signals));
    Process kill = new ProcessBuilder(command).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  /** Stops the process where it is (its first route listens) and checks its start is not done: the signals to come fall in it. */
  private void pauseDuringTheStart(Process gw) throws Exception {
    send(gw, "STOP");
    assertThat(Files.readString(log())).as("stopped during the start").doesNotContain(STARTED);
  }

  private String exited(Process gw, int code) throws Exception {
    boolean ended = gw.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(ended).as(() -> "exited\n" + GatewayProcess.read(log())).isTrue();
    String log = Files.readString(log());
    assertThat(gw.exitValue()).as(log).isEqualTo(code);
    assertThat(withoutBlockedThreadWarnings(log)).as("no error, no stack trace").doesNotContain("ERROR").doesNotContain("Exception")
      .doesNotContain("\tat ");
    return log;
  }

  /**
   * {@code log} without Vert.x's warnings that a thread was blocked (each with a stack trace): a process
   * frozen here (SIGSTOP) for over 2 s while an event loop ran a task shows them once it runs again.
   */
  private static String withoutBlockedThreadWarnings(String log) {
    return log.replaceAll("(?m)^.* WARN  BlockedThreadChecker - .*\n(?:io\\.vertx\\.core\\.VertxException: Thread blocked\n)?(?:\tat .*\n)*", "");
  }

  /** What the test does to the gateway, its first route listening and a client connected to it. */
  private interface Signalling {
    void signal(Process gw, Socket client) throws Exception;
  }

  /**
   * Starts the gateway, connects a client to its first route, runs {@code signalling}, and returns the
   * log once the gateway exited with {@code code}, without an error and with no listener left; the
   * client then has a RST when {@code reset}.
   */
  private String stopped(Signalling signalling, int code, boolean reset) throws Exception {
    return stopped(MORE_ROUTES, signalling, code, reset);
  }

  /** {@link #stopped(Signalling, int, boolean)} with {@code moreRoutes} routes after the first. */
  private String stopped(int moreRoutes, Signalling signalling, int code, boolean reset) throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo())) {
      InetSocketAddress first = new InetSocketAddress("127.0.0.1", FreePorts.freePort()); // once the backend listens: not its number
      Process gw = start(first.getPort(), backend.address(), moreRoutes);
      try (Socket client = Peers.connect(first, WAIT)) {
        signalling.signal(gw, client);
        String log = exited(gw, code);
        if (reset) {
          assertThatCode(() -> Peers.expectReset(client, WAIT)).as(log).doesNotThrowAnyException();
        }
        PortChecks.assertNotListening(first);
        return log;
      } finally {
        gw.destroyForcibly();
      }
    }
  }

  @Test
  void twoStopSignalsAtOnceResetWhatIsLeftAndExitOneWithoutAnError() throws Exception {
    String log = stopped((gw, client) -> {
      Await.until("the started line", WAIT, () -> GatewayProcess.logged(log(), STARTED));
      send(gw, "STOP", "TERM", "INT", "CONT");
    }, GracefulStop.EXIT_FORCED, true);
    assertThat(log).contains("second stop signal").contains("\"client_got\":\"rst\"");
  }

  @Test
  void aStopSignalDuringTheStartStopsOnceTheStartIsLoggedAndExitsZero() throws Exception {
    String log = stopped((gw, client) -> {
      pauseDuringTheStart(gw);
      client.close(); // nothing to drain once the gateway runs again
      send(gw, "TERM", "CONT");
    }, 0, false);
    assertThat(log).contains(STARTED).contains("stopping: ").contains("stopped in ");
    assertThat(log.indexOf(STARTED)).as("the started line comes before the stop's\n" + log).isLessThan(log.indexOf("stopping: "));
    assertThat(log.indexOf("stop signal during the start: stopping once the start is done"))
      .as("the signal is acknowledged when it comes, before the start's line\n" + log).isBetween(0, log.indexOf(STARTED));
    assertThat(log).as("every route started").contains((MORE_ROUTES + 1) + " route(s)");
  }

  @Test
  void aSecondSignalDuringTheStartResetsTheConnectionsAcceptedAndExitsOne() throws Exception {
    String log = stopped((gw, client) -> {
      relayed(client);
      pauseDuringTheStart(gw);
      send(gw, "TERM", "INT", "CONT");
    }, GracefulStop.EXIT_FORCED, true);
    assertThat(log).contains("second stop signal");
  }

  /**
   * A start that goes on for longer than a second signal waits ({@link GracefulStop#FORCED_WAIT_MILLIS}):
   * once that signal's handler runs, the process is frozen until the wait is over (the clock goes on), as a
   * start held that long leaves it. The client the first route relays gets a RST all the same, and the
   * process exits 1 once it runs again, without finishing the start.
   */
  @Test
  void aSecondSignalDuringAStartLongerThanItsWaitResetsTheClientsAlreadyRelayedAndExitsOne() throws Exception {
    String log = stopped(MANY_MORE_ROUTES, (gw, client) -> {
      relayed(client);
      send(gw, "TERM");
      Await.until("the first signal's line", WAIT, () -> GatewayProcess.logged(log(), "stop signal during the start"));
      assertThat(Files.readString(log())).as("the start still under way").doesNotContain(STARTED);
      send(gw, "TERM");
      Await.until("the second signal's handler to run, or the exit", WAIT, () -> !gw.isAlive() || runsThread(gw, "SIGTERM handler"));
      if (sendUnlessExited(gw, "STOP")) {
        gw.waitFor(GracefulStop.FORCED_WAIT_MILLIS + 1_000, TimeUnit.MILLISECONDS); // frozen: only the clock goes on
        sendUnlessExited(gw, "CONT");
      }
      assertThat(gw.waitFor(GracefulStop.FORCED_WAIT_MILLIS, TimeUnit.MILLISECONDS)).as("exited within %d ms of running again",
        GracefulStop.FORCED_WAIT_MILLIS).isTrue();
    }, GracefulStop.EXIT_FORCED, true);
    assertThat(log).contains("second stop signal").contains("\"client_got\":\"rst\"").doesNotContain(STARTED);
  }

  /** Checks that the gateway relays {@code client} (its connection accepted): the backend echoes what it sends. */
  private static void relayed(Socket client) throws Exception {
    byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
    Peers.write(client, ping, WAIT);
    assertThat(Peers.readExactly(client, ping.length, WAIT)).as("echoed by the backend through the first route").isEqualTo(ping);
  }

  /** Sends {@code signal} to {@code p}; false when {@code p} had exited (a second stop signal ends it at any moment). */
  private static boolean sendUnlessExited(Process p, String signal) throws Exception {
    Process kill = new ProcessBuilder("sh", "-c", "kill -s $1 $0 2>/dev/null", Long.toString(p.pid()), signal).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    if (kill.exitValue() == 0) {
      return true;
    }
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("kill -s %s failed while the process runs", signal).isTrue();
    return false;
  }

  /** Whether a thread of {@code p} is named {@code name} now (Linux: /proc/PID/task/TID/comm); false once it exited. */
  private static boolean runsThread(Process p, String name) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
      return tasks.anyMatch(t -> name.equals(threadName(t)));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static String threadName(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      return ""; // the thread ended
    }
  }
}
