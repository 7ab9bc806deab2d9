package io.tcpgate.dist;

import io.tcpgate.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tcpgate} command: {@code run}, {@code check}, {@code selftest}, {@code cds}, {@code schema}, and {@code proxy},
 * {@code toxic}, {@code conn} (which talk to a running gateway's API), {@code --help}, {@code --version}.
 */
@Command(name = "tcpgate", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Main.EXIT_CONFIG, versionProvider = Main.VersionProvider.class,
    description = "A TCP gateway with explicit close semantics, policy plugins and fault injection.",
    subcommands = {RunCommand.class, CheckCommand.class, SelfTestCommand.class, CdsCommand.class, SchemaCommand.class, ProxyCommand.class,
      ToxicCommand.class, ConnCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  /** Exit code for an invalid configuration or command line. */
  public static final int EXIT_CONFIG = 2;
  /** Exit code when the gateway could not start (e.g. a port in use). */
  public static final int EXIT_START = 1;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    if (args.length > 0 && "run".equals(args[0])) {
      Signals.hold(); // a stop or reload signal during the start is handled once the gateway can
    }
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    int code = commandLine().execute(args);
    if (code != 0 || !RunCommand.isRunning()) {
      System.exit(code);
    }
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, check, selftest, proxy, toxic or conn (see --help)");
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tcpgate " + Version.VERSION, "Java " + System.getProperty("java.version")};
    }
  }
}
