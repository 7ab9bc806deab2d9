package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that half-closes, then resets while the gateway has nothing to write to it: the reset shows
 * only when the backend's FIN is relayed, and the connection ends as the client's reset, not as a
 * completed exchange. On the native transport (sockets on epoll directly); on NIO the JDK's
 * {@code shutdownOutput} ignores ENOTCONN, so there the connection still ends as completed.
 */
class ResetAfterFinTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aClientThatResetsAfterItsFinEndsAsAClientResetNotAsCompleted() throws Exception {
    boolean nativeTransport = true;
    CountDownLatch finRelayed = new CountDownLatch(1);
    CountDownLatch backendMayFin = new CountDownLatch(1);
    try (ScriptedBackend backend = new ScriptedBackend(c -> {
           c.drain(); // the client's FIN, relayed
           finRelayed.countDown();
           backendMayFin.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
           c.sendFin();
         });
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), null)
           .replace("admin:", "native-transport: " + nativeTransport + "\nadmin:"))) {
      InetSocketAddress address = gw.address("r");
      Socket client = Peers.connect(address, WAIT);
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      Peers.sendFin(client);
      assertThat(finRelayed.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("the client's FIN relayed").isTrue();
      int clientPort = client.getLocalPort();
      Peers.sendRst(client);
      // the gateway's end of the client's connection leaves the kernel's table once the reset reached it
      Await.until("the reset reaching the gateway's socket", WAIT, () -> !inTcpTable(address.getPort(), clientPort));
      backendMayFin.countDown();
      Await.until("the connection ending", WAIT, connection::isFinished);
      assertThat(connection.closeCause()).isEqualTo(CloseCause.CLIENT_RESET);
      assertThat(connection.ending(io.tcpgate.spi.Side.CLIENT).sent()).isEqualTo("rst");
    }
  }

  /** Whether a TCP socket from 127.0.0.1:{@code localPort} to 127.0.0.1:{@code remotePort} is in the kernel's table. */
  private static boolean inTcpTable(int localPort, int remotePort) {
    String endpoints = String.format("0100007F:%04X 0100007F:%04X", localPort, remotePort);
    String mapped = String.format("0000000000000000FFFF00000100007F:%04X 0000000000000000FFFF00000100007F:%04X", localPort, remotePort);
    try {
      for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
        for (String line : Files.readAllLines(Path.of(table))) {
          if (line.contains(endpoints) || line.contains(mapped)) {
            return true;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return false;
  }
}
