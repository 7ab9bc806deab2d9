package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.Gateway;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload that changes {@code reload.scan-period} re-arms the watcher with the new period. */
class ReloadScanPeriodTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  @Test
  void aReloadedScanPeriodTurnsWatchingOffAndOnAgain() throws Exception {
    Path file = dir.resolve("scan.yaml");
    try (EchoServer backend = new EchoServer()) {
      write(file, config("100ms", backend, 1));
      try (WatchedGateway w = WatchedGateway.start(file)) {
        Gateway gw = w.gateway;
        ConfigWatcher watcher = w.watch(w.config.reload().scanPeriodMillis());
        write(file, config("0", backend, 2));
        Await.until("the edit turning watching off to apply", WAIT, () -> gw.reloadStatus().reloads() == 1);
        // the status counts a reload once the gateway applied it; the watcher re-arms right after
        Await.until("the watcher to stop watching", WAIT, () -> watcher.scanPeriodMillis() == 0);

        write(file, config("100ms", backend, 3));
        watcher.reloadNow(); // as SIGHUP: the only trigger while not watched
        Await.until("the edit turning watching on to apply", WAIT, () -> gw.reloadStatus().reloads() == 2);
        Await.until("the watcher to watch every 100 ms", WAIT, () -> watcher.scanPeriodMillis() == 100);
        write(file, config("100ms", backend, 4));
        Await.until("an edit to be seen by the watcher again", WAIT, () -> gw.reloadStatus().reloads() == 3);
        assertThat(gw.config().routes()).hasSize(4);
      }
    }
  }

  /** {@code routes} routes on free ports, watched every {@code scan}. */
  private static String config(String scan, EchoServer backend, int routes) {
    StringBuilder s = new StringBuilder("admin: { enabled: false }\nreload: { scan-period: " + scan + " }\nroutes:\n");
    for (int i = 0; i < routes; i++) {
      s.append("  - { name: r").append(i).append(", listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:").append(backend.port()).append("\" ] }\n");
    }
    return s.toString();
  }

  private static void write(Path file, String text) throws Exception {
    Path tmp = Files.createTempFile(file.getParent(), "edit", ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
