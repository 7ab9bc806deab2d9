package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGHUP reloads the config file at once (as nginx's reload does), with the file not watched at all. */
class ReloadSignalTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path dir;

  private static String route(String name, int port, int backend) {
    return "  - { name: " + name + ", listen: \"127.0.0.1:" + port + "\", backends: [ \"127.0.0.1:" + backend + "\" ] }\n";
  }

  private static void hangUp(Process p) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private static void echoesThrough(int port) throws Exception {
    try (Socket c = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
      byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
      Peers.write(c, hello, WAIT);
      assertThat(Peers.readExactly(c, hello.length, WAIT)).isEqualTo(hello);
    }
  }

  @Test
  void sighupAppliesAChangedFileAndKeepsTheRunningConfigWhenTheFileIsBad() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      int first = FreePorts.freePort(); // once the backend listens: neither number can be the backend's
      int second = FreePorts.freePort();
      Path conf = dir.resolve("gw.yaml");
      String head = "admin: { enabled: false }\nreload: { scan-period: 0 }\nroutes:\n";
      Files.writeString(conf, head + route("one", first, echo.port()));
      Path log = dir.resolve("gw.log");
      Process gw = GatewayProcess.start(conf, log, new InetSocketAddress("127.0.0.1", first), WAIT);
      try {
        Files.writeString(conf, head + route("one", first, echo.port()) + route("two", second, echo.port()));
        hangUp(gw);
        PortChecks.waitUntilListening(new InetSocketAddress("127.0.0.1", second), WAIT);
        echoesThrough(second);

        Files.writeString(conf, head + "  - { name: three, listen: nowhere }\n");
        hangUp(gw);
        Await.until("the rejected reload in the log", WAIT, () -> GatewayProcess.logged(log, "config reload rejected"));
        assertThat(gw.isAlive()).as("running after two SIGHUPs").isTrue();
        echoesThrough(first);
        echoesThrough(second);
      } finally {
        gw.destroy();
        assertThat(gw.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(gw.exitValue()).as(Files.readString(log)).isZero();
    }
  }
}
