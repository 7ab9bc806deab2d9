package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.vertx.core.Vertx;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --policy} and {@code --toxic TYPE:KEY=VALUE,...} on the one-line command form are validated and applied like file entries. */
class CommandLinePolicyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void checkAcceptsAPolicyGivenOnTheCommandLine() {
    Console c = Console.run("check", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:9", "--policy", "rst-translation:backend-reset=fin");
    assertThat(c.exitCode()).as(c.err()).isZero();
    assertThat(c.out()).contains("policies: rst-translation");
  }

  @Test
  void aPolicyGivenOnTheCommandLineActsOnTheRelay() throws Exception {
    byte[] reply = "last words".getBytes();
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.afterReceiving(1, Behaviour.sendThenRst(reply)))) {
      GatewayConfig config = load("--listen", "127.0.0.1:0", "--backend", "127.0.0.1:" + backend.port(),
        "--policy", "rst-translation:backend-reset=fin");
      try (EmbeddedGateway gw = EmbeddedGateway.start(config);
           Socket client = Peers.connect(gw.address("cli"), WAIT)) {
        client.getOutputStream().write(1);
        assertThat(Peers.readToEof(client, WAIT)).as("the backend's reset reaches the client as a FIN").isEqualTo(reply);
      }
    }
  }

  @Test
  void theProxyProtocolPolicyOnTheCommandLineSendsItsHeaderAndABadVersionIsNamed() throws Exception {
    Console ok = Console.run("check", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:9", "--policy", "proxy-protocol:version=2");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("policies: proxy-protocol");
    for (String command : new String[] {"check", "run"}) {
      Console bad = Console.run(command, "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:9", "--policy", "proxy-protocol:version=3");
      assertThat(bad.exitCode()).as(command).isEqualTo(Main.EXIT_CONFIG);
      assertThat(bad.err()).as(command).contains("command line: route 'cli': field 'policies[0].version': "
        + "policy 'proxy-protocol': expected 1 (text) or 2 (binary), got 3");
    }
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen())) {
      GatewayConfig config = load("--listen", "127.0.0.1:0", "--backend", "127.0.0.1:" + backend.port(), "--policy", "proxy-protocol:version=2");
      try (EmbeddedGateway gw = EmbeddedGateway.start(config);
           Socket client = Peers.connect(gw.address("cli"), WAIT)) {
        client.getOutputStream().write(7);
        backend.awaitConnections(1, WAIT);
        byte[] received = Peers.readExactly(backend.acceptedSockets().get(0), 16 + 12 + 1, WAIT);
        assertThat(Arrays.copyOf(received, 14)).as("the version 2 signature, then PROXY")
          .isEqualTo(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11});
        assertThat(received[28]).as("then the client's byte").isEqualTo((byte) 7);
      }
    }
  }

  @Test
  void aToxicGivenOnTheCommandLineActsOnTheRelay() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo())) {
      GatewayConfig config = load("--listen", "127.0.0.1:0", "--backend", "127.0.0.1:" + backend.port(),
        "--toxic", "latency:latency=300,stream=downstream,name=slow");
      assertThat(config.routes().get(0).toxics()).hasSize(1);
      assertThat(config.routes().get(0).toxics().get(0).entry().getJsonObject("attributes").getInteger("latency")).isEqualTo(300);
      try (EmbeddedGateway gw = EmbeddedGateway.start(config);
           Socket client = Peers.connect(gw.address("cli"), WAIT)) {
        long t0 = System.nanoTime();
        client.getOutputStream().write(7);
        assertThat(Peers.readExactly(client, 1, WAIT)).containsExactly(7);
        assertThat((System.nanoTime() - t0) / 1_000_000).as("round trip through a 300 ms downstream latency, ms").isGreaterThanOrEqualTo(300);
      }
    }
  }

  @Test
  void aBadToxicOnTheCommandLineIsNamed() {
    Console c = Console.run("check", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:9", "--toxic", "latency:latency=-5");
    assertThat(c.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(c.err()).contains("command line: route 'cli'").contains("toxics[0]").contains("latency");
  }

  @Test
  void aBadPolicySettingOnTheCommandLineIsNamedAtCheckAndAtRun() {
    for (String command : new String[] {"check", "run"}) {
      Console c = Console.run(command, "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:9", "--policy", "rst-translation:backend-reset=maybe");
      assertThat(c.exitCode()).as(command).isEqualTo(Main.EXIT_CONFIG);
      assertThat(c.err()).as(command).contains("command line: route 'cli': field 'policies[0].backend-reset': "
        + "policy 'rst-translation': expected one of fin, rst, got \"maybe\"");
    }
  }

  @Test
  void anUnknownPolicyTypeOnTheCommandLineListsTheKnownOnes() {
    Console c = Console.run("check", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:9", "--policy", "rst-translator:backend-reset=fin");
    assertThat(c.exitCode()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(c.err()).contains("command line: route 'cli': field 'policies[0].type': unknown policy type 'rst-translator'; "
      + "known policy types: connect-failure, half-close, idle-timeout, keep-alive, max-connections, proxy-protocol, rst-translation, socket-buffers, tcp-nodelay");
  }

  /** The config the run command makes of {@code args}, loaded and validated. */
  private static GatewayConfig load(String... args) throws Exception {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(args);
    Vertx vertx = Vertx.vertx();
    try {
      return run.options.load(vertx, PolicyRegistry.load()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close();
    }
  }
}
