package io.tcpgate.dist;

import io.tcpgate.core.config.ConfigSchema;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tcpgate schema}: prints the config file's JSON Schema (for editors and CI checks). */
@Command(name = "schema", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = Main.EXIT_CONFIG,
    description = "Print the JSON Schema of the config file.")
final class SchemaCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println(ConfigSchema.schema().encodePrettily());
    return 0;
  }
}
