package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.ReloadStatus;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rejected reload shows as INVALID with an error, also when its failure carries no message. */
class ReloadRejectedTest {
  @TempDir
  Path dir;

  @Test
  void aFailureWithoutAMessageIsInvalidNamedByItsClass() {
    ReloadStatus status = new ReloadStatus();
    status.rejected(new NullPointerException());
    JsonObject json = status.toJson();
    assertThat(json.getString("status")).isEqualTo("INVALID");
    assertThat(json.getString("error")).contains("NullPointerException");
    assertThat(status.error()).isNotNull();
  }

  @Test
  void aRouteWithoutANameIsRejectedAndShownInvalid() throws Exception {
    Path file = dir.resolve("nameless.yaml");
    try (EchoServer backend = new EchoServer()) {
      String route = "  - { name: a, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
      Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route);
      try (WatchedGateway w = WatchedGateway.start(file)) {
        Gateway gw = w.gateway;
        ConfigWatcher watcher = w.watch(0);
        Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route + route.replace("name: a, ", ""));
        watcher.check().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(gw.reloadStatus().toJson().getString("status")).isEqualTo("INVALID");
        assertThat(gw.reloadStatus().toJson().getString("error")).isNotBlank().isNotEqualTo("null");
        assertThat(gw.routes()).containsOnlyKeys("a");
      }
    }
  }
}
