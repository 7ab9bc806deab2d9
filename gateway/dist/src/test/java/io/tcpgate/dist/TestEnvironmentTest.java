package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tests run without the tcpgate variables of the shell that runs them: a {@code TCPGATE_LOG_LEVEL=WARN}
 * would hide the log lines the gateway processes are waited on by, a {@code TCPGATE_ADMIN_TOKEN} would change
 * what the CLI sends. Surefire leaves out the variables the root pom lists; this keeps that list whole.
 */
class TestEnvironmentTest {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  private static final Pattern VARIABLE = Pattern.compile("\\b(TCPGATE_[A-Z_]*[A-Z])\\b");

  @Test
  void everyVariableTcpgateReadsIsLeftOutOfTheTests() throws IOException {
    Set<String> read = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT.resolve("gateway"))) {
      for (Path f : files.filter(TestEnvironmentTest::isSource).toList()) {
        variables(Files.readString(f), read);
      }
    }
    try (Stream<Path> files = Files.walk(ROOT.resolve("plugins"))) {
      for (Path f : files.filter(TestEnvironmentTest::isSource).toList()) {
        variables(Files.readString(f), read);
      }
    }
    variables(Files.readString(ROOT.resolve("tcpgate")), read);
    read.remove("TCPGATE_CLUSTER"); // the prefix of the cluster's variables, written as such in a doc
    assertThat(read).as("variables read by the sources and the launcher").contains("TCPGATE_ADMIN_PORT", "TCPGATE_LOG_LEVEL", "TCPGATE_API");

    String pom = Files.readString(ROOT.resolve("pom.xml"));
    Matcher list = Pattern.compile("<excludedEnvironmentVariables>(.*?)</excludedEnvironmentVariables>", Pattern.DOTALL).matcher(pom);
    assertThat(list.find()).as("surefire's excludedEnvironmentVariables in the root pom").isTrue();
    Set<String> excluded = new TreeSet<>();
    variables(list.group(1), excluded);
    assertThat(excluded).as("the variables surefire leaves out").containsAll(read);
  }

  @Test
  void noTcpgateVariableReachesTheTests() {
    assertThat(System.getenv().keySet().stream().filter(k -> k.startsWith("TCPGATE_")).toList()).isEmpty();
  }

  /** Main sources and resources (not tests, nor build output). */
  private static boolean isSource(Path f) {
    String s = f.toString();
    return Files.isRegularFile(f) && s.contains("/src/main/") && (s.endsWith(".java") || s.endsWith(".xml") || s.endsWith(".yaml"));
  }

  private static void variables(String text, Set<String> into) {
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }
}
