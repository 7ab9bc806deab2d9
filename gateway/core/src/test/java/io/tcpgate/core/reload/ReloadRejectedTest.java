package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.ReloadStatus;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
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
      String route = routeA(backend);
      Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route);
      try (WatchedGateway w = WatchedGateway.start(file)) {
        Gateway gw = w.gateway;
        ConfigWatcher watcher = w.watch(0);
        Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route + route.replace("name: a, ", ""));
        WatchedGateway.await(watcher.check());
        assertThat(gw.reloadStatus().toJson().getString("status")).isEqualTo("INVALID");
        assertThat(gw.reloadStatus().toJson().getString("error")).isNotBlank().isNotEqualTo("null");
        assertThat(gw.routes()).containsOnlyKeys("a");
      }
    }
  }

  /** A reload reads the file as check and run do: a file that is not UTF-8, or a line break in a value, is told alike. */
  @Test
  void aReloadRejectsAFileWithTheMessageCheckAndRunGive() throws Exception {
    Path file = dir.resolve("c.yaml");
    try (EchoServer backend = new EchoServer()) {
      String route = routeA(backend);
      Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route);
      try (WatchedGateway w = WatchedGateway.start(file)) {
        ConfigWatcher watcher = w.watch(0);
        Files.write(file, ("admin: { enabled: false }\nroutes:\n" + route + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        WatchedGateway.await(watcher.check());
        String error = w.gateway.reloadStatus().error();
        assertThat(error).startsWith(file + ": not UTF-8: byte 0xE9 at offset ").endsWith(" (line 4) is not valid UTF-8; save the file as UTF-8");
        assertThat(error).isEqualTo(loadError(w, file));

        Files.writeString(file, "admin: { enabled: false }\nroutes:\n" + route.replace(" }", ", balance: \"round\\nrobin\", listne: x }"));
        WatchedGateway.await(watcher.check());
        assertThat(w.gateway.reloadStatus().error()).isEqualTo(file + ": route 'a': field 'listne': unknown field; did you mean 'listen'?"
          + " known fields here: backends, balance, buffer-size, connect-failure, connect-timeout, fail-timeout, listen, max-fails, name, policies, toxics\n"
          + file + ": route 'a': field 'balance': expected round-robin or least-connections, got \"round\\nrobin\"")
          .isEqualTo(loadError(w, file));
        assertThat(w.gateway.routes()).containsOnlyKeys("a");
      }
    }
  }

  /** Route {@code a}, listening on any free port, to {@code backend}, as a line of a file's {@code routes:}. */
  private static String routeA(EchoServer backend) {
    return "  - { name: a, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
  }

  /** The message of loading {@code file} as {@code check} and {@code run} load it. */
  private static String loadError(WatchedGateway w, Path file) throws Exception {
    try {
      WatchedGateway.await(w.loader.load(w.vertx, file));
    } catch (ExecutionException e) {
      return e.getCause().getMessage();
    }
    throw new AssertionError(file + " should be rejected");
  }
}
