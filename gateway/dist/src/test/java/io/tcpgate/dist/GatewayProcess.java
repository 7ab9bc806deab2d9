package io.tcpgate.dist;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.PortChecks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A gateway in a JVM of its own (the test's class path) running a config file, its output in a log file. */
final class GatewayProcess {
  private GatewayProcess() {
  }

  /**
   * Starts {@code tcpgate run -c conf}, output to {@code log}, and returns once the gateway's own listener
   * accepts on {@code listen}: its log says a route listens there, and a connect succeeds. A connect alone
   * could be another listener's: a port number picked free (FreePorts) may be taken by something else before
   * the gateway binds it (a backend bound to port 0 next, say), and the test would then go on against that
   * one. A gateway that exits first (it could not bind) fails this with its log.
   */
  static Process start(Path conf, Path log, InetSocketAddress listen, Duration wait) throws Exception {
    return start(List.of(), conf, log, listen, wait);
  }

  /** {@link #start(Path, Path, InetSocketAddress, Duration)} with {@code jvmOptions} ({@code -Dname=value}) before the class path. */
  static Process start(List<String> jvmOptions, Path conf, Path log, InetSocketAddress listen, Duration wait) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "-c", conf.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    String listening = ": listening on " + listen.getAddress().getHostAddress() + ":" + listen.getPort() + " ";
    try {
      Await.until("the gateway's log to say it listens on " + listen, wait, () -> {
        if (logged(log, listening)) {
          return true;
        }
        if (!p.isAlive()) {
          throw new AssertionError("the gateway exited (" + p.exitValue() + ") before it listened on " + listen + "; its log:\n" + read(log));
        }
        return false;
      });
      PortChecks.waitUntilListening(listen, wait);
    } catch (AssertionError e) {
      p.destroyForcibly();
      throw e;
    }
    return p;
  }

  /** Whether the log holds {@code text} yet (false while it cannot be read). */
  static boolean logged(Path log, String text) {
    return read(log).contains(text);
  }

  /** The log so far (empty while it cannot be read). */
  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }
}
