package io.tcpgate.testkit;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeersTest {

  private static final Duration T = Duration.ofSeconds(5);
  private static final byte[] BEFORE = "bytes before the reset".getBytes(US_ASCII);

  @Test
  void expectResetReturnsBytesSentBeforeTheReset() throws Exception {
    // The backend waits for one byte so the RST cannot overtake the client's connect().
    try (ScriptedBackend backend =
            new ScriptedBackend(Behaviour.afterReceiving(1, Behaviour.sendThenRst(BEFORE)));
        Socket s = Peers.connect(backend.address(), T)) {
      Peers.write(s, new byte[] {'!'}, T);
      backend.awaitObserved(0, T); // the RST has been sent
      assertThat(Peers.expectReset(s, T)).isEqualTo(BEFORE);
    }
  }

  @Test
  void expectResetFailsOnACleanEof() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(BEFORE));
        Socket s = Peers.connect(backend.address(), T)) {
      assertThatThrownBy(() -> Peers.expectReset(s, T))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("clean EOF after " + BEFORE.length + " bytes");
    }
  }

  @Test
  void expectEofFailsWhenDataArrivesInstead() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(BEFORE));
        Socket s = Peers.connect(backend.address(), T)) {
      assertThatThrownBy(() -> Peers.expectEof(s, T))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("but received");
    }
  }

  @Test
  void expectEofFailsWhenTheConnectionIsResetInstead() throws Exception {
    try (ScriptedBackend backend =
            new ScriptedBackend(Behaviour.afterReceiving(1, Behaviour.sendThenRst(new byte[0])));
        Socket s = Peers.connect(backend.address(), T)) {
      Peers.write(s, new byte[] {'!'}, T);
      backend.awaitObserved(0, T);
      assertThatThrownBy(() -> Peers.expectEof(s, T))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Connection reset");
    }
  }

  @Test
  void expectEofPassesAfterThePeersFin() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(BEFORE));
        Socket s = Peers.connect(backend.address(), T)) {
      assertThat(Peers.readExactly(s, BEFORE.length, T)).isEqualTo(BEFORE);
      Peers.expectEof(s, T);
    }
  }

  @Test
  void readExactlyTimesOutNamingWhatItAwaited() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
        Socket s = Peers.connect(backend.address(), T)) {
      assertThatThrownBy(() -> Peers.readExactly(s, 10, Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out after 200 ms waiting for 10 bytes")
          .hasMessageContaining("0 of 10 bytes so far");
    }
  }

  @Test
  void readExactlyFailsOnEofBeforeTheCount() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(BEFORE));
        Socket s = Peers.connect(backend.address(), T)) {
      assertThatThrownBy(() -> Peers.readExactly(s, 1000, T))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("EOF")
          .hasMessageContaining(BEFORE.length + " of 1000 bytes");
    }
  }

  @Test
  void sendRstMakesTheBackendObserveAReset() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sink())) {
      Socket s = Peers.connect(backend.address(), T);
      Peers.write(s, BEFORE, T);
      backend.awaitConnections(1, T);
      Peers.sendRst(s);
      Observed o = backend.awaitObserved(0, T);
      assertThat(o.ending()).isEqualTo(Ending.RESET);
      assertThat(s.isClosed()).isTrue();
    }
  }

  @Test
  void connectRefusesNonLoopbackAddressesWithoutSendingAnything() throws Exception {
    InetSocketAddress documentationNet =
        new InetSocketAddress(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), 9);
    assertThatThrownBy(() -> Peers.connect(documentationNet, T))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Peers.connect(InetSocketAddress.createUnresolved("localhost", 9), T))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pendingWriteTimesOutAgainstAPeerThatNeverReads() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
        Socket s = Peers.connect(backend.address(), T)) {
      PendingWrite w = Peers.writeAsync(s, Payload.of(1, 256L * 1024 * 1024));
      assertThatThrownBy(() -> w.await(Duration.ofMillis(300)))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("waiting for write of Payload[seed=1");
      assertThat(w.bytesWritten()).isLessThan(256L * 1024 * 1024);
      assertThat(s.isClosed()).isTrue();
    }
  }
}
