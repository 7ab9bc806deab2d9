package io.tcpgate.dist;

import io.tcpgate.testkit.PortChecks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A gateway in a JVM of its own (the test's class path) running a config file, its output in a log file. */
final class GatewayProcess {
  private GatewayProcess() {
  }

  /** Starts {@code tcpgate run -c conf}, output to {@code log}, and returns once {@code listen} accepts. */
  static Process start(Path conf, Path log, InetSocketAddress listen, Duration wait) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", "-c", conf.toString())
      .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    PortChecks.waitUntilListening(listen, wait);
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
