package io.tcpgate.plugins.timeouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.PolicyChecks;
import io.vertx.core.Vertx;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The idle-timeout entry is validated once, with errors that name the field. */
class IdleTimeoutConfigTest {

  private static IdleTimeoutPolicy parse(String json) throws InvalidPolicyConfigException {
    return (IdleTimeoutPolicy) PolicyChecks.parse(new IdleTimeoutFactory(), json);
  }

  private static void rejected(String json, String field, String message) {
    PolicyChecks.rejected(new IdleTimeoutFactory(), json, field, message);
  }

  @Test
  void defaultsAreFinAndTheSameLimitOnceHalfClosed() throws Exception {
    assertThat(parse("{\"timeout\": \"5m\"}")).isEqualTo(new IdleTimeoutPolicy(300_000, 300_000, CloseAction.FIN));
  }

  @Test
  void everyFieldIsRead() throws Exception {
    assertThat(parse("{\"timeout\": 1500, \"half-closed-timeout\": \"30s\", \"action\": \"RST\"}"))
      .isEqualTo(new IdleTimeoutPolicy(1500, 30_000, CloseAction.RST));
  }

  @Test
  void aMissingTimeoutIsNamed() {
    rejected("{}", "timeout", "missing");
  }

  @Test
  void aMalformedDurationIsNamedWithWhatIsValid() {
    rejected("{\"timeout\": \"soon\"}", "timeout", "500ms");
    rejected("{\"timeout\": \"1s\", \"half-closed-timeout\": -3}", "half-closed-timeout", "expected a duration");
  }

  @Test
  void aDurationTooLongIsNamedWithTheBound() {
    rejected("{\"timeout\": 10000000000000000}", "timeout", "must be at most 8760h (365 days)");
    rejected("{\"timeout\": \"1s\", \"half-closed-timeout\": \"99999999999999999999\"}", "half-closed-timeout", "must be at most 8760h");
  }

  @Test
  void anUnknownActionIsNamed() {
    rejected("{\"timeout\": \"1s\", \"action\": \"close\"}", "action", "expected one of fin, rst");
  }

  @Test
  void anUnknownFieldIsNamedWithTheKnownOnes() {
    rejected("{\"timeout\": \"1s\", \"idle\": \"2s\"}", "idle", "known fields: timeout, half-closed-timeout, action");
  }

  @Test
  void aPolicyThatCouldNeverFireIsRejected() {
    rejected("{\"timeout\": 0}", "timeout", "would never fire");
  }

  @Test
  void everyBadFieldOfTheEntryIsReportedInOneRun() {
    rejectedInOneRun("type: idle-timeout, timeout: soon, half-closed-timeout: -3, action: close, idle: 2s",
      "route 'test': field 'policies[0].idle': policy 'idle-timeout': unknown field 'idle'",
      "route 'test': field 'policies[0].timeout': policy 'idle-timeout': expected a duration",
      "route 'test': field 'policies[0].half-closed-timeout': policy 'idle-timeout': expected a duration",
      "route 'test': field 'policies[0].action': policy 'idle-timeout': expected one of fin, rst, got \"close\"");
  }

  @Test
  void theFactorysOwnChecksAreListedWithTheBadFields() {
    rejectedInOneRun("type: idle-timeout, timeout: 0, action: close",
      "route 'test': field 'policies[0].action': policy 'idle-timeout': expected one of fin, rst",
      "route 'test': field 'policies[0].timeout': policy 'idle-timeout': is 0 and so is half-closed-timeout");
    rejectedInOneRun("type: idle-timeout, half-closed-timeout: soon",
      "route 'test': field 'policies[0].timeout': policy 'idle-timeout': missing",
      "route 'test': field 'policies[0].half-closed-timeout': policy 'idle-timeout': expected a duration");
  }

  /**
   * In a YAML file, a word YAML reads as a boolean is told to be quoted where the policy takes text (fin or rst,
   * a duration), as in the gateway's own fields.
   */
  @Test
  void aYamlWordReadAsABooleanWhereTheEntryTakesTextIsToldToBeQuoted(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("c.yaml"),
      OneRouteConfig.to(new InetSocketAddress("127.0.0.1", 9)).policy("type: idle-timeout, timeout: on, action: off").yaml());
    Vertx vertx = Vertx.vertx();
    try {
      assertThat(new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).load(vertx, file).toCompletionStage().toCompletableFuture())
        .failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause().isInstanceOf(ConfigException.class)
        .withMessageContainingAll(
          "field 'policies[0].timeout': policy 'idle-timeout': expected a duration", "got the boolean true (write \"on\" in quotes if you meant the word)",
          "field 'policies[0].action': policy 'idle-timeout': expected a string, got the boolean false (write \"off\" in quotes if you meant the word)");
    } finally {
      vertx.close();
    }
  }

  /** A route with the policy {@code entry} fails to start with exactly {@code problems}, one each. */
  private static void rejectedInOneRun(String entry, String... problems) {
    String yaml = OneRouteConfig.to(new InetSocketAddress("127.0.0.1", 9)).policy(entry).yaml();
    assertThatThrownBy(() -> EmbeddedGateway.start(yaml)).isInstanceOf(ConfigException.class)
      .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(problems.length))
      .hasMessageContainingAll(problems);
  }
}
