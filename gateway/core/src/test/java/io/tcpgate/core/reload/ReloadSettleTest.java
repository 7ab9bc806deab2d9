package io.tcpgate.core.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.Gateway;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file saved in two steps (first part, then the rest, within one scan period) is applied as a whole. */
class ReloadSettleTest {
  @TempDir
  Path dir;

  @Test
  void aFileSavedInTwoStepsWithinAScanPeriodNeverAppliesItsFirstPart() throws Exception {
    Path file = dir.resolve("tcpgate.yaml");
    try (EchoServer backend = new EchoServer()) {
      String head = "admin: { host: 127.0.0.1, port: 0 }\nreload: { scan-period: 1s }\nroutes:\n"
        + "  - { name: r1, listen: \"127.0.0.1:" + FreePorts.freePort() + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
      String whole = head
        + "  - { name: r2, listen: \"127.0.0.1:" + FreePorts.freePort() + "\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n";
      Files.writeString(file, whole);
      try (WatchedGateway w = WatchedGateway.start(file)) {
        Gateway gw = w.gateway;
        w.watch(w.config.reload().scanPeriodMillis());
        for (int n = 0; n < 3; n++) {
          int save = n;
          Files.writeString(file, head); // the first step: r2 not written yet
          long rest = System.nanoTime() + 600_000_000L;
          Await.until("r2 kept while the file is half written", Duration.ofSeconds(5), () -> {
            assertThat(gw.route("r2")).as("r2, save " + save).isNotNull();
            return System.nanoTime() >= rest;
          });
          Files.writeString(file, whole);
          long settled = System.nanoTime() + 2_200_000_000L;
          Await.until("two scans after the whole file", Duration.ofSeconds(10), () -> {
            assertThat(gw.route("r2")).as("r2 after save " + save).isNotNull();
            return System.nanoTime() >= settled;
          });
        }
      }
    }
  }
}
