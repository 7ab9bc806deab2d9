package io.tcpgate.core.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TestNodeMain} in its own JVM, with the JVM flags the launcher script gives Hazelcast. Everything
 * the node prints (its log, on stdout, and stderr) goes to its log file, which {@link #printLog} shows;
 * Hazelcast's join logs at DEBUG there (logback-test.xml), so a node's log tells how it joined.
 */
final class NodeProcess implements AutoCloseable {
  static final List<String> HAZELCAST_JVM_FLAGS = List.of("--add-modules=java.se",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.management/sun.management=ALL-UNNAMED",
    "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final String name;
  private final Path log;
  private final Process process;
  /** The node's stdin: closing it stops the node. */
  private final PrintWriter stdin;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  /** Copies the node's output to its log file until the process ends. */
  private final Thread reader;

  NodeProcess(String name, Path config, Path log) throws IOException {
    this.name = name;
    this.log = log;
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dtcpgate.test.join-log=DEBUG"));
    cmd.addAll(HAZELCAST_JVM_FLAGS);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), TestNodeMain.class.getName(), config.toString()));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Writer logFile = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    reader = new Thread(() -> {
      try (logFile; BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          logFile.write(line + "\n");
          logFile.flush();
          if (line.equals("READY")) {
            replies.add(line);
          }
        }
      } catch (IOException ended) {
        // the process ended
      }
    }, "node-" + name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  long pid() {
    return process.pid();
  }

  /** Waits for READY; AssertionError naming the node after {@code timeout}. */
  void awaitReady(Duration timeout) throws InterruptedException {
    expect("READY", timeout);
  }

  private void expect(String wanted, Duration timeout) throws InterruptedException {
    String got = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!wanted.equals(got)) {
      throw new AssertionError("node " + name + ": expected " + wanted + " within " + timeout + ", got " + got
        + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")"));
    }
  }

  /** Prints what the node printed so far to this JVM's stdout (a test's report), each line after the node's name. */
  void printLog() {
    System.out.println("---- " + name + "'s output (" + log + ")");
    try {
      Files.readAllLines(log, StandardCharsets.UTF_8).forEach(line -> System.out.println(name + " | " + line));
    } catch (IOException e) {
      System.out.println(name + " | (not readable: " + e + ")");
    }
  }

  /** SIGKILL. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    reader.join(TimeUnit.SECONDS.toMillis(5)); // the last lines are in the log
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stdin.close();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        kill();
      }
    }
    reader.join(TimeUnit.SECONDS.toMillis(5)); // the last lines are in the log
  }
}
