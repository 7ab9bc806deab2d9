package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ttl, match and seed, the options every toxic takes, on real sockets. */
class ToxicOptionsSocketTest {
  /** Whether a new connection is served (true) or reset (false). */
  private static boolean served(GatewayUnderTest gw, Proxy p) throws Exception {
    try (Socket s = gw.connect(p)) {
      Peers.write(s, new byte[] {1}, GatewayUnderTest.WAIT);
      s.setSoTimeout((int) GatewayUnderTest.WAIT.toMillis());
      return s.getInputStream().read() == 1;
    } catch (SocketException | AssertionError e) {
      return false; // reset, at connect or after
    }
  }

  @Test
  void aToxicWithATtlRemovesItselfAndItsEffect() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      long start = System.nanoTime();
      gw.addToxic("echo", "{\"name\":\"brief\",\"type\":\"latency\",\"ttl\":400,\"attributes\":{\"latency\":500}}");
      assertThat(p.toxics().getAll()).hasSize(1);
      Await.until("the toxic expires", GatewayUnderTest.WAIT, () -> gw.call0("/proxies/echo/toxics").equals("[]"));
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(380L);
      try (Socket s = gw.connect(p)) {
        long t = System.nanoTime();
        Peers.write(s, new byte[] {1}, GatewayUnderTest.WAIT);
        Peers.readExactly(s, 1, GatewayUnderTest.WAIT);
        assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(300L);
      }
    }
  }

  @Test
  void anUpdateKeepsTheTtlCountdownAndTtlZeroClearsIt() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      gw.echoProxy("echo");
      long start = System.nanoTime();
      gw.addToxic("echo", "{\"name\":\"kept\",\"type\":\"latency\",\"ttl\":1500,\"attributes\":{\"latency\":5}}");
      gw.addToxic("echo", "{\"name\":\"cleared\",\"type\":\"latency\",\"ttl\":1500,\"attributes\":{\"latency\":5}}");
      Await.until("800 ms into the ttl", GatewayUnderTest.WAIT, () -> System.nanoTime() - start >= 800_000_000L);
      assertThat(gw.call("POST", "/proxies/echo/toxics/kept", "{\"attributes\":{\"latency\":6}}").statusCode()).isEqualTo(200);
      assertThat(gw.call("POST", "/proxies/echo/toxics/cleared", "{\"ttl\":0}").statusCode()).isEqualTo(200);
      Await.until("the updated toxic expires", GatewayUnderTest.WAIT, () -> !gw.call0("/proxies/echo/toxics").contains("\"kept\""));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(ms).as("ms from the create, not from the update at 800 ms").isBetween(1_400L, 2_250L);
      long until = System.nanoTime() + 1_000_000_000L;
      while (System.nanoTime() < until) { // bounded: 1 s past the old ttl
        assertThat(gw.call0("/proxies/echo/toxics")).as("ttl 0: never").contains("\"cleared\"");
        Thread.sleep(50);
      }
    }
  }

  @Test
  void matchEveryNthActsOnTheFirstOfEachN() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"no\",\"type\":\"refuse\",\"match\":{\"every\":2}}");
      List<Boolean> got = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        got.add(served(gw, p));
      }
      assertThat(got).containsExactly(false, true, false, true);
    }
  }

  @Test
  void matchByClientBlockSparesOtherClients() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"other\",\"type\":\"refuse\",\"match\":{\"client\":\"10.0.0.0/8\"}}");
      assertThat(served(gw, p)).isTrue();
      gw.addToxic("echo", "{\"name\":\"loopback\",\"type\":\"refuse\",\"match\":{\"client\":\"127.0.0.0/8\"}}");
      assertThat(served(gw, p)).isFalse();
    }
  }

  @Test
  void theSameSeedRefusesTheSameConnections() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      List<List<Boolean>> runs = new ArrayList<>();
      for (String name : new String[] {"a", "b"}) {
        Proxy p = gw.echoProxy(name);
        gw.addToxic(name, "{\"name\":\"half\",\"type\":\"refuse\",\"toxicity\":0.5,\"seed\":42}");
        List<Boolean> got = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          got.add(served(gw, p));
        }
        runs.add(got);
      }
      assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains(true, false);
    }
  }

  /** Which of {@code sockets} echo a byte within 500 ms (a 60 s latency holds the others' bytes). */
  private static List<Boolean> echoingAtOnce(List<Socket> sockets, int round) throws Exception {
    for (Socket s : sockets) {
      Peers.write(s, new byte[] {(byte) round}, GatewayUnderTest.WAIT);
    }
    long due = System.nanoTime() + 500_000_000L;
    List<Boolean> echoed = new ArrayList<>();
    for (Socket s : sockets) {
      s.setSoTimeout((int) Math.max(1, (due - System.nanoTime()) / 1_000_000));
      try {
        echoed.add(s.getInputStream().read() == round);
      } catch (SocketTimeoutException e) {
        echoed.add(false);
      }
    }
    return echoed;
  }

  @Test
  void anAttributeUpdateLeavesTheConnectionsTheToxicSkippedUntouched() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"slow\",\"type\":\"latency\",\"toxicity\":0.5,\"seed\":42,\"attributes\":{\"latency\":60000}}");
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 16; i++) {
          sockets.add(gw.connect(p));
        }
        List<Boolean> before = echoingAtOnce(sockets, 1);
        assertThat(before).as("the roll picked some and skipped some").contains(true, false);
        for (int latency : new int[] {60001, 60002}) {
          assertThat(gw.call("POST", "/proxies/echo/toxics/slow", "{\"attributes\":{\"latency\":" + latency + "}}").statusCode())
            .isEqualTo(200);
          assertThat(echoingAtOnce(sockets, latency - 59998)).as("the same connections after latency " + latency).isEqualTo(before);
        }
      } finally {
        sockets.forEach(Peers::closeQuietly);
      }
    }
  }
}
