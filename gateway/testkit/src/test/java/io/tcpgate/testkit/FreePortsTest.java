package io.tcpgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

  /**
   * A port picked for a config is one the kernel never hands out for a port-0 bind or a connect's source
   * port: a backend started next on port 0 cannot take the number (it did about once in 8,000 pairs).
   */
  @Test
  void aFreePortIsBindableAndOutsideTheKernelsEphemeralRangeAndNotGivenTwice() throws Exception {
    int[] ephemeral = FreePorts.ephemeralRange();
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = FreePorts.freePort();
      assertThat(port).as("picked port").isBetween(1024, 65535);
      if (ephemeral[0] > FreePorts.LOWEST + 1000) {
        assertThat(port).as("below the ephemeral range %s-%s", ephemeral[0], ephemeral[1]).isLessThan(ephemeral[0]);
      }
      assertThat(seen.add(port)).as("port %s given twice", port).isTrue();
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(Loopback.address(port));
      }
    }
  }

  @Test
  void distinctFreePortsOnAnotherLoopbackAddressAreDistinctAndBindable() throws Exception {
    List<Integer> ports = FreePorts.distinctFreePorts("127.0.0.2", 5);
    assertThat(new HashSet<>(ports)).hasSize(5);
    for (int port : ports) {
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new java.net.InetSocketAddress("127.0.0.2", port));
      }
    }
  }
}
