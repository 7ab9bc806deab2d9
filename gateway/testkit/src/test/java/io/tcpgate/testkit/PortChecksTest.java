package io.tcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PortChecksTest {

  @Test
  void waitUntilListeningReturnsOnceAServerAccepts() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      PortChecks.waitUntilListening(echo.address(), Duration.ofSeconds(2));
    }
  }

  @Test
  void waitUntilListeningTimesOutNamingTheAddress() throws Exception {
    InetSocketAddress free = FreePorts.freeAddress();
    assertThatThrownBy(() -> PortChecks.waitUntilListening(free, Duration.ofMillis(200)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("timed out after 200 ms waiting for a listener on " + free);
  }

  @Test
  void assertNotListeningFailsWhenSomethingAccepts() throws Exception {
    try (EchoServer echo = new EchoServer()) {
      assertThatThrownBy(() -> PortChecks.assertNotListening(echo.address()))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("it accepted");
    }
  }

  @Test
  void assertNotListeningFailsOnABlackholeBecauseItIsNotARefusal() throws Exception {
    try (UnreachableBackends unreachable = new UnreachableBackends()) {
      InetSocketAddress addr = unreachable.blackholed();
      assertThatThrownBy(() -> PortChecks.assertNotListening(addr))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("timed out");
    }
  }

  @Test
  void freePortCanBeBoundOnLoopback() throws Exception {
    int port = FreePorts.freePort();
    assertThat(port).isBetween(1, 65535);
    try (ServerSocket s = new ServerSocket(port, 1, Loopback.ADDRESS)) {
      assertThat(s.getLocalPort()).isEqualTo(port);
    }
  }
}
