package io.tcpgate.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScriptedBackendTest {

  private static final Duration T = Duration.ofSeconds(5);

  @Test
  void sinkCountsAndHashesEverythingUntilEofThenHalfCloses() throws Exception {
    Payload payload = Payload.of(8, 3 * 1024 * 1024 + 17);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink());
        Socket s = Peers.connect(backend.address(), T)) {
      Peers.writeAsyncThenFin(s, payload).await(T);
      Peers.expectEof(s, T);
      Observed o = backend.awaitObserved(0, T);
      assertThat(o.received()).isEqualTo(payload.digest());
      assertThat(o.ending()).isEqualTo(Ending.EOF);
      assertThat(o.bytesSent()).isZero();
    }
  }

  @Test
  void sendThenFinDeliversTheBytesThenEofAndRecordsTheClientsEof() throws Exception {
    byte[] hello = "220 ready\r\n".getBytes(US_ASCII);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(hello));
        Socket s = Peers.connect(backend.address(), T)) {
      assertThat(Peers.readToEof(s, T)).isEqualTo(hello);
      Peers.sendFin(s);
      Observed o = backend.awaitObserved(0, T);
      assertThat(o.ending()).isEqualTo(Ending.EOF);
      assertThat(o.bytesSent()).isEqualTo(hello.length);
    }
  }

  @Test
  void sendThenRstDeliversTheBytesThenAReset() throws Exception {
    byte[] partial = "partial".getBytes(US_ASCII);
    try (ScriptedBackend backend =
            new ScriptedBackend(Behaviour.afterReceiving(3, Behaviour.sendThenRst(partial)));
        Socket s = Peers.connect(backend.address(), T)) {
      Peers.write(s, "GET".getBytes(US_ASCII), T);
      assertThat(Peers.expectReset(s, T)).isEqualTo(partial);
      assertThat(backend.awaitObserved(0, T).bytesReceived()).isEqualTo(3);
    }
  }

  @Test
  void afterReceivingSkipsTheNextStepWhenEofComesFirst() throws Exception {
    try (ScriptedBackend backend =
            new ScriptedBackend(Behaviour.afterReceiving(10, Behaviour.sendThenRst(new byte[1])));
        Socket s = Peers.connect(backend.address(), T)) {
      Peers.write(s, new byte[4], T);
      Peers.sendFin(s);
      Observed o = backend.awaitObserved(0, T);
      assertThat(o.bytesReceived()).isEqualTo(4);
      assertThat(o.ending()).isEqualTo(Ending.EOF);
      assertThat(o.bytesSent()).isZero();
    }
  }

  @Test
  void speakFirstSendsTheGreetingBeforeReadingThenEchoes() throws Exception {
    byte[] greeting = "HELLO ".getBytes(US_ASCII);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.speakFirst(greeting));
        Socket s = Peers.connect(backend.address(), T)) {
      assertThat(Peers.readExactly(s, greeting.length, T)).isEqualTo(greeting);
      Peers.write(s, "ping".getBytes(US_ASCII), T);
      Peers.sendFin(s);
      assertThat(new String(Peers.readToEof(s, T), US_ASCII)).isEqualTo("ping");
    }
  }

  @Test
  void holdOpenNeitherReadsNorClosesUntilTheBackendIsClosed() throws Exception {
    ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
    try (Socket s = Peers.connect(backend.address(), T)) {
      Peers.write(s, new byte[100], T);
      backend.awaitConnections(1, T);
      assertThatThrownBy(() -> Peers.expectEof(s, Duration.ofMillis(150)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out");
      Observed o = backend.observed(0);
      assertThat(o.isFinished()).isFalse();
      assertThat(o.bytesReceived()).isZero();
      assertThat(o.ending()).isEqualTo(Ending.OPEN);
      backend.close();
      assertThat(o.awaitFinished(T)).isTrue();
    } finally {
      backend.close();
    }
  }

  @Test
  void slowReaderTakesAtLeastTheTimeItsRateImplies() throws Exception {
    Payload payload = Payload.of(4, 60_000);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.slowReader(200_000));
        Socket s = Peers.connect(backend.address(), T)) {
      long start = System.nanoTime();
      Peers.writeAsyncThenFin(s, payload).await(T);
      Peers.expectEof(s, T);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(elapsedMs).as("60000 bytes at 200000 bytes/s").isGreaterThanOrEqualTo(250);
      assertThat(backend.awaitObserved(0, T).received()).isEqualTo(payload.digest());
    }
  }

  @Test
  void clientSideSlowReaderReadsEverythingAtItsRate() throws Exception {
    Payload payload = Payload.of(6, 40_000);
    try (ScriptedBackend backend = new ScriptedBackend(c -> {
          payload.writeTo(c.socket().getOutputStream());
          c.sendFin();
          c.drain();
        });
        Socket s = Peers.connect(backend.address(), T)) {
      long start = System.nanoTime();
      StreamDigest got = new SlowReader(100_000).readToEof(s, T);
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(300);
      assertThat(got).isEqualTo(payload.digest());
    }
  }

  @Test
  void awaitConnectionsTimesOutNamingTheCountItAwaited() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo())) {
      assertThatThrownBy(() -> backend.awaitConnections(1, Duration.ofMillis(100)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out after 100 ms waiting for 1 accepted connection(s)")
          .hasMessageContaining("0 accepted");
    }
  }

  @Test
  void awaitObservedReportsAFailingBehaviour() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(c -> {
          throw new IllegalStateException("scripted failure");
        });
        Socket s = Peers.connect(backend.address(), T)) {
      assertThat(s.isConnected()).isTrue();
      assertThatThrownBy(() -> backend.awaitObserved(0, T))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("failed")
          .hasRootCauseMessage("scripted failure");
    }
  }

  @Test
  void recordsEachConnectionSeparatelyInAcceptOrder() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink())) {
      for (int i = 1; i <= 3; i++) {
        try (Socket s = Peers.connect(backend.address(), T)) {
          Peers.write(s, new byte[i], T);
          Peers.sendFin(s);
          Peers.expectEof(s, T);
        }
        assertThat(backend.awaitObserved(i - 1, T).bytesReceived()).isEqualTo(i);
      }
      assertThat(backend.acceptedCount()).isEqualTo(3);
      assertThat(backend.acceptedSockets()).hasSize(3);
    }
  }
}
