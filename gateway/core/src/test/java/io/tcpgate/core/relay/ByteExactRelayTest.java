package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.Sha256Sink;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bytes are never lost, duplicated or reordered, also when a side closes while back-pressure is on. */
class ByteExactRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final int MIB = 1 << 20;

  /** A loopback backend whose every connection runs {@code script} on its own thread. */
  private static final class Backend implements AutoCloseable {
    interface Script {
      StreamDigest run(Socket s, int index) throws Exception;
    }

    final ServerSocket server;
    final ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-backend");
      t.setDaemon(true);
      return t;
    });
    final List<Future<StreamDigest>> received = Collections.synchronizedList(new ArrayList<>());

    Backend(Script script, int connections) throws IOException {
      server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
      pool.submit(() -> {
        for (int i = 0; i < connections; i++) {
          Socket s = server.accept();
          int index = i;
          received.add(pool.submit(() -> {
            try (s) {
              return script.run(s, index);
            }
          }));
        }
        return null;
      });
    }

    InetSocketAddress address() {
      return new InetSocketAddress("127.0.0.1", server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
      server.close();
      pool.shutdownNow();
    }
  }

  @Test
  void sixtyFourMebibytesEachWayAtOnceWithSlowReadersArriveIntact() throws Exception {
    Payload up = Payload.of(1, 64L * MIB);
    Payload down = Payload.of(2, 64L * MIB);
    long rate = 48L * MIB; // bytes/s each reader allows itself: slower than the writers
    try (Backend backend = new Backend((s, i) -> {
          PendingWrite w = Peers.writeAsyncThenFin(s, down);
          StreamDigest got = new SlowReader(rate).readToEof(s, WAIT);
          w.await(WAIT);
          return got;
        }, 1);
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), "    buffer-size: 128k\n"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      PendingWrite w = Peers.writeAsyncThenFin(client, up);
      StreamDigest clientGot = new SlowReader(rate).readToEof(client, WAIT);
      w.await(WAIT);
      assertThat(clientGot).isEqualTo(down.digest());
      assertThat(backend.received.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(up.digest());
    }
  }

  @Test
  void twoHundredConcurrentConnectionsWithRandomSizesAndCloseOrdersLoseNoByte() throws Exception {
    int n = 200;
    Random random = new Random(42);
    long[] upSize = new long[n];
    long[] downSize = new long[n];
    int[] order = new int[n]; // 0: client FINs first, 1: backend FINs first, 2: both at once
    for (int i = 0; i < n; i++) {
      upSize[i] = random.nextInt(600_000);
      downSize[i] = random.nextInt(600_000);
      order[i] = random.nextInt(3);
    }
    // The backend learns which connection it serves from the first 4 bytes the client sends.
    Backend.Script script = (s, ignored) -> {
      byte[] id = Peers.readExactly(s, 4, WAIT);
      int i = ((id[0] & 0xff) << 24) | ((id[1] & 0xff) << 16) | ((id[2] & 0xff) << 8) | (id[3] & 0xff);
      Payload down = Payload.of(10_000 + i, downSize[i]);
      if (order[i] == 1) {
        Peers.writeAsyncThenFin(s, down).await(WAIT);
        return Sha256Sink.drain(s, WAIT);
      }
      if (order[i] == 0) {
        StreamDigest got = Sha256Sink.drain(s, WAIT);
        Peers.writeAsyncThenFin(s, down).await(WAIT);
        return got;
      }
      PendingWrite w = Peers.writeAsyncThenFin(s, down);
      StreamDigest got = Sha256Sink.drain(s, WAIT);
      w.await(WAIT);
      return got;
    };
    ExecutorService clients = Executors.newFixedThreadPool(64);
    try (Backend backend = new Backend(script, n);
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), "    buffer-size: 64k\n"))) {
      List<Future<StreamDigest>> results = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        int i = k;
        results.add(clients.submit(() -> {
          try (Socket c = Peers.connect(gw.address("r"), WAIT)) {
            Peers.write(c, new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i}, WAIT);
            Payload up = Payload.of(i, upSize[i]);
            if (order[i] == 1) {
              StreamDigest got = Sha256Sink.drain(c, WAIT);
              Peers.writeAsyncThenFin(c, up).await(WAIT);
              return got;
            }
            PendingWrite w = Peers.writeAsyncThenFin(c, up);
            StreamDigest got = Sha256Sink.drain(c, WAIT);
            w.await(WAIT);
            return got;
          }
        }));
      }
      List<StreamDigest> backendGot = new ArrayList<>();
      List<StreamDigest> clientsGot = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        clientsGot.add(results.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (backend.received.size() < n && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      for (Future<StreamDigest> f : new ArrayList<>(backend.received)) {
        backendGot.add(f.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      }
      List<StreamDigest> expectedUp = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expectedUp.add(Payload.of(i, upSize[i]).digest());
        assertThat(clientsGot.get(i)).as("connection %d downstream", i).isEqualTo(Payload.of(10_000 + i, downSize[i]).digest());
      }
      assertThat(backendGot).as("every upstream stream, each once").containsExactlyInAnyOrderElementsOf(expectedUp);
    } finally {
      clients.shutdownNow();
    }
  }
}
