package io.tcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class UnreachableBackendsTest {

  @Test
  void blackholedMakesConnectTimeOut() throws Exception {
    try (UnreachableBackends unreachable = new UnreachableBackends()) {
      InetSocketAddress addr = unreachable.blackholed();
      assertThat(Loopback.isLoopback(addr)).isTrue();
      for (int i = 0; i < 2; i++) { // stays blackholed, not just for one attempt
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
          assertThatThrownBy(() -> s.connect(addr, 300)).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
      }
      assertThat(unreachable.blackholed()).isEqualTo(addr);
    }
  }

  @Test
  void refusedGivesConnectException() throws Exception {
    try (UnreachableBackends unreachable = new UnreachableBackends()) {
      InetSocketAddress addr = unreachable.refused();
      assertThat(Loopback.isLoopback(addr)).isTrue();
      try (Socket s = new Socket()) { // a timeout would be SocketTimeoutException, not this
        assertThatThrownBy(() -> s.connect(addr, 300))
            .isInstanceOf(ConnectException.class)
            .hasMessageContaining("refused");
      }
      PortChecks.assertNotListening(addr);
    }
  }

  @Test
  void refusedPortsAreDistinctAndHeldSoNobodyElseCanListenThere() throws Exception {
    try (UnreachableBackends unreachable = new UnreachableBackends()) {
      InetSocketAddress a = unreachable.refused();
      InetSocketAddress b = unreachable.refused();
      assertThat(a).isNotEqualTo(b);
      assertThatThrownBy(() -> new EchoServer(a).close()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void closingReleasesTheBlackholeSoItRefusesAfterwards() throws Exception {
    InetSocketAddress addr;
    try (UnreachableBackends unreachable = new UnreachableBackends()) {
      addr = unreachable.blackholed();
    }
    PortChecks.assertNotListening(addr);
  }
}
