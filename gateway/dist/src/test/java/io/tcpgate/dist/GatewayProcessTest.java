package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.ScriptedBackend;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher of gateway JVMs the dist tests share. */
class GatewayProcessTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  /**
   * A port number picked free and taken by another listener before the gateway binds it (a test's backend bound
   * to port 0 next, say): the start fails with the gateway's log, instead of passing that listener off as the
   * gateway's (a stop test then waited 30 s for the port to refuse, the backend still listening on it).
   */
  @Test
  void aPortAnotherListenerTookFailsTheStartWithTheGatewaysLog() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo()); ScriptedBackend other = new ScriptedBackend(Behaviour.echo())) {
      int port = other.port();
      Path conf = dir.resolve("gw.yaml");
      Files.writeString(conf, "admin: { enabled: false }\nroutes:\n"
        + "  - { name: r, listen: \"127.0.0.1:" + port + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
      assertThatThrownBy(() -> GatewayProcess.start(conf, dir.resolve("gw.log"), new InetSocketAddress("127.0.0.1", port), WAIT).destroyForcibly())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("the gateway exited")
        .hasMessageContaining("cannot listen on 127.0.0.1:" + port);
    }
  }
}
