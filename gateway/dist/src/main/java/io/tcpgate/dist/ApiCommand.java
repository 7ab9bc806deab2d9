package io.tcpgate.dist;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command that talks to a running gateway's API: exit 0 when it succeeds, 1 with the API's error. */
abstract class ApiCommand implements Callable<Integer> {
  @Mixin
  ApiClient api;

  /** As every other command has it: prints the usage and calls nothing. */
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  /** Does the command's calls and prints what they did; throws {@link ApiClient.ApiException} on an API error. */
  abstract void act();

  @Override
  public final Integer call() {
    return ApiClient.run(this::act);
  }
}
