package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
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
    Vertx vertx = Vertx.vertx();
    try (EchoServer backend = new EchoServer()) {
      String route = "  - { name: a, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
      Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route);
      Buffer loaded = Buffer.buffer(Files.readAllBytes(file));
      ConfigLoader loader = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties());
      GatewayConfig config = loader.load(vertx, file).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Gateway gw = Gateway.start(vertx, config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route + route.replace("name: a", "name: b"));
      ConfigWatcher watcher = new ConfigWatcher(gw, loader, file).start(100, loaded);
      try {
        Await.until("the change saved during the start to apply", WAIT, () -> gw.reloadStatus().reloads() == 1);
        assertThat(gw.routes()).containsKeys("a", "b");
      } finally {
        watcher.close();
        gw.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
