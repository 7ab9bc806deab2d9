package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A change saved between loading the file and watching it (while the gateway starts) is applied once seen. */
class ReloadDuringStartTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aChangeSavedWhileStartingIsAppliedAtTheFirstScan() throws Exception {
    Path file = dir.resolve("start.yaml");
    try (EchoServer backend = new EchoServer()) {
      String route = "  - { name: a, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
      Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route);
      Buffer loaded = Buffer.buffer(Files.readAllBytes(file));
      try (WatchedGateway w = WatchedGateway.start(file)) {
        Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route + route.replace("name: a", "name: b"));
        w.watch(100, loaded);
        Await.until("the change saved during the start to apply", WAIT, () -> w.gateway.reloadStatus().reloads() == 1);
        assertThat(w.gateway.routes()).containsKeys("a", "b");
      }
    }
  }
}
