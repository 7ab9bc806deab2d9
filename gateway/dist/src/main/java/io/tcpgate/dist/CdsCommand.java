package io.tcpgate.dist;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code tcpgate cds}: listed here for its help only. The archive is made by the launcher script
 * {@code ./tcpgate}, which runs {@code selftest} in a JVM started with {@code -XX:ArchiveClassesAtExit}
 * (a JVM cannot record the classes it loaded itself once it is running); it hands {@code cds} to this
 * command only when more arguments follow ({@code cds --help}), so nothing is built then.
 */
@Command(name = "cds", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Main.EXIT_CONFIG,
    description = {"Make a class-data archive (gateway/dist/target/tcpgate.jsa, ~22 MiB) from a self-test run; later starts "
      + "map those classes instead of loading them (first relayed byte ~1.2 s instead of ~1.7 s). It is used while no jar is "
      + "newer than it: after a rebuild or a new plugin, run it again; TCPGATE_CDS=off leaves it out.",
      "Made by the launcher script: ./tcpgate cds (no other arguments)."})
final class CdsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("tcpgate: cds: the archive is made by the launcher script: run ./tcpgate cds (the JVM records it "
      + "when a self-test run started for it exits)");
    return Main.EXIT_CONFIG;
  }
}
