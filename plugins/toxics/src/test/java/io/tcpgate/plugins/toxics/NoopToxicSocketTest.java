package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NoopToxicSocketTest {
  @Test
  void bytesAndFinPassUnchangedBothWays() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      gw.addToxic("echo", "{\"name\":\"n_down\",\"type\":\"noop\"}");
      gw.addToxic("echo", "{\"name\":\"n_up\",\"type\":\"noop\",\"stream\":\"upstream\"}");
      JsonObject listed = new JsonObject(gw.call0("/proxies/echo/toxics/n_up"));
      assertThat(listed.getString("type")).isEqualTo("noop");
      assertThat(listed.getJsonObject("attributes")).isEqualTo(new JsonObject());
      byte[] sent = new byte[1 << 20];
      new Random(5).nextBytes(sent);
      try (Socket s = gw.connect(p)) {
        PendingWrite w = Peers.writeAsync(s, sent);
        assertThat(Peers.readExactly(s, sent.length, GatewayUnderTest.WAIT)).isEqualTo(sent);
        w.await(GatewayUnderTest.WAIT);
        Peers.sendFin(s);
        Peers.expectEof(s, GatewayUnderTest.WAIT);
      }
      assertThat(new JsonArray(gw.call0("/proxies/echo/toxics")).size()).isEqualTo(2);
    }
  }
}
