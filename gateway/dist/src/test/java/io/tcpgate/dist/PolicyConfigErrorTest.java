package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.PortChecks;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad policy entry in a config file is named — file, route, field, policy type — by check and by run. */
class PolicyConfigErrorTest {
  @TempDir
  Path dir;
  private final InetSocketAddress listen = FreePorts.freeAddress();

  private Path file(String policy) throws Exception {
    Path f = dir.resolve("gateway.yaml");
    Files.writeString(f, "admin: { enabled: false }\nroutes:\n  - name: web\n    listen: 127.0.0.1:" + listen.getPort()
      + "\n    backends: [ \"127.0.0.1:9\" ]\n    policies:\n      - " + policy + "\n");
    return f;
  }

  private void rejectedByCheckAndRun(Path file, String problem) throws Exception {
    for (String command : new String[] {"check", "run"}) {
      Console c = Console.run(command, "-c", file.toString());
      assertThat(c.exitCode()).as(command + ": " + c.err()).isEqualTo(Main.EXIT_CONFIG);
      assertThat(c.err()).as(command).contains(file + ": route 'web': " + problem);
      PortChecks.assertNotListening(listen);
    }
  }

  @Test
  void aBadPolicySettingIsNamedWithWhatIsValid() throws Exception {
    rejectedByCheckAndRun(file("{ type: idle-timeout, timeout: soon }"),
      "field 'policies[0].timeout': policy 'idle-timeout': expected a duration such as 500ms");
  }

  @Test
  void aMissingRequiredPolicySettingIsNamed() throws Exception {
    rejectedByCheckAndRun(file("{ type: max-connections, action: rst }"), "field 'policies[0].max': policy 'max-connections': missing");
  }

  @Test
  void anUnknownPolicyTypeIsNamedWithTheKnownOnes() throws Exception {
    rejectedByCheckAndRun(file("{ type: idle-timout, timeout: 1s }"), "field 'policies[0].type': unknown policy type 'idle-timout'; "
      + "known policy types: connect-failure, half-close, idle-timeout, keep-alive, max-connections, proxy-protocol, rst-translation, socket-buffers, tcp-nodelay");
  }
}
