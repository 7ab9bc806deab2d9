package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.Peers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Live connections are listed with their state and can be closed with FIN or RST through the API. */
class ConnectionsApiTest {
  private static JsonArray list(GatewayUnderTest gw) {
    return new JsonArray(gw.call0("/connections"));
  }

  @Test
  void aLiveConnectionIsListedWithBytesHalfCloseAndToxics() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest();
         ScriptedBackend held = new ScriptedBackend(Behaviour.holdOpen(GatewayUnderTest.WAIT))) {
      Proxy p = gw.client.createProxy("held", "127.0.0.1:0", "127.0.0.1:" + held.port());
      p.toxics().latency("lat", ToxicDirection.UPSTREAM, 1);
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[10], GatewayUnderTest.WAIT);
        Peers.sendFin(s);
        Await.until("the client's FIN is seen", GatewayUnderTest.WAIT,
          () -> list(gw).size() == 1 && list(gw).getJsonObject(0).getBoolean("client_fin"));
        JsonObject c = list(gw).getJsonObject(0);
        assertThat(c.getString("route")).isEqualTo("held");
        assertThat(c.getBoolean("backend_fin")).isFalse();
        assertThat(c.getString("client")).contains("127.0.0.1");
        assertThat(c.getLong("bytes_upstream")).isEqualTo(10);
        assertThat(c.getLong("bytes_downstream")).isZero();
        assertThat(c.getJsonArray("toxics")).containsExactly("lat");
        assertThat(c.getLong("age_ms")).isNotNegative();
      }
    }
  }

  /** A stop's drain leaves the connections it waits for in the list, where they can be closed. */
  @Test
  void aDrainingConnectionIsListedAndCanBeClosed() throws Exception {
    try (ScriptedBackend held = new ScriptedBackend(Behaviour.holdOpen(GatewayUnderTest.WAIT));
         GatewayUnderTest gw = new GatewayUnderTest("routes:\n  - { name: held, listen: 127.0.0.1:0, backends: [ \"127.0.0.1:" + held.port() + "\" ] }\n")) {
      try (Socket s = gw.connect(gw.client.getProxy("held"))) {
        Await.until("the connection is listed", GatewayUnderTest.WAIT, () -> list(gw).size() == 1);
        Future<Void> stopped = gw.gateway.gateway().stop(60_000, CloseAction.FIN);
        Await.until("the route drains", GatewayUnderTest.WAIT, () -> gw.gateway.gateway().routes().isEmpty());
        JsonArray draining = list(gw);
        assertThat(draining).hasSize(1);
        assertThat(draining.getJsonObject(0).getString("route")).isEqualTo("held");
        long id = draining.getJsonObject(0).getLong("id");
        assertThat(gw.call("DELETE", "/connections/" + id + "?action=rst", null).statusCode()).isEqualTo(204);
        Peers.expectReset(s, GatewayUnderTest.WAIT);
        stopped.toCompletionStage().toCompletableFuture().get(GatewayUnderTest.WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  /** A deleted proxy's connection stays listed, and closable, while its close reads what the client still sends. */
  @Test
  void aDeletedProxysClosingConnectionIsListedAndCanBeClosed() throws Exception {
    try (ScriptedBackend held = new ScriptedBackend(Behaviour.holdOpen(GatewayUnderTest.WAIT));
         GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.client.createProxy("held", "127.0.0.1:0", "127.0.0.1:" + held.port());
      try (Socket s = gw.connect(p)) {
        Await.until("the connection is listed", GatewayUnderTest.WAIT, () -> list(gw).size() == 1);
        long id = list(gw).getJsonObject(0).getLong("id");
        assertThat(gw.call("DELETE", "/proxies/held", null).statusCode()).isEqualTo(204);
        Peers.expectEof(s, GatewayUnderTest.WAIT); // the client sends no FIN: the gateway reads on for up to 5 s
        assertThat(list(gw)).extracting(c -> ((JsonObject) c).getString("route")).containsExactly("held");
        assertThat(gw.call("DELETE", "/connections/" + id + "?action=rst", null).statusCode()).isEqualTo(204);
        Await.until("the connection is gone", GatewayUnderTest.WAIT, () -> list(gw).isEmpty());
      }
    }
  }

  /** After the gateway's FIN the connection reads on until the client's FIN: listed as closing meanwhile. */
  @Test
  void aConnectionClosedWithFinIsListedAsClosingUntilTheClientsFin() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      try (Socket s = gw.connect(p)) {
        Await.until("the connection is listed", GatewayUnderTest.WAIT, () -> list(gw).size() == 1);
        assertThat(list(gw).getJsonObject(0).getString("state")).isEqualTo("open");
        long id = list(gw).getJsonObject(0).getLong("id");
        assertThat(gw.call("DELETE", "/connections/" + id + "?action=fin", null).statusCode()).isEqualTo(204);
        Peers.expectEof(s, GatewayUnderTest.WAIT); // the client sends no FIN: the gateway reads on for up to 5 s
        assertThat(list(gw)).extracting(c -> ((JsonObject) c).getString("state")).containsExactly("closing");
        Peers.sendFin(s);
        Await.until("the connection is gone", GatewayUnderTest.WAIT, () -> list(gw).isEmpty());
      }
    }
  }

  @Test
  void closingWithFinGivesTheClientEofAndWithRstAReset() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      for (String action : new String[] {"fin", "rst"}) {
        try (Socket s = gw.connect(p)) {
          Await.until("the connection is listed", GatewayUnderTest.WAIT, () -> list(gw).size() == 1);
          long id = list(gw).getJsonObject(0).getLong("id");
          assertThat(gw.call("DELETE", "/connections/" + id + "?action=" + action, null).statusCode()).isEqualTo(204);
          if (action.equals("fin")) {
            Peers.expectEof(s, GatewayUnderTest.WAIT);
          } else {
            Peers.expectReset(s, GatewayUnderTest.WAIT);
          }
          s.close();
          Await.until("the connection is gone", GatewayUnderTest.WAIT, () -> list(gw).isEmpty());
        }
      }
      assertThat(gw.call("DELETE", "/connections/999999", null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void closingWithFinDeliversTheBytesAToxicHoldsBeforeTheFin() throws Exception {
    byte[] sent = new byte[50_000];
    new java.util.Random(3).nextBytes(sent);
    try (GatewayUnderTest gw = new GatewayUnderTest();
         ScriptedBackend backend = new ScriptedBackend(c -> {
           c.write(sent);
           c.drain();
         })) {
      Proxy p = gw.client.createProxy("slow", "127.0.0.1:0", "127.0.0.1:" + backend.port());
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 30_000); // held far longer than the test waits
      try (Socket s = gw.connect(p)) {
        Await.until("the gateway to read what the backend sent", GatewayUnderTest.WAIT,
          () -> list(gw).size() == 1 && list(gw).getJsonObject(0).getLong("bytes_downstream") == sent.length);
        long id = list(gw).getJsonObject(0).getLong("id");
        assertThat(gw.call("DELETE", "/connections/" + id + "?action=fin", null).statusCode()).isEqualTo(204);
        assertThat(Peers.readToEof(s, GatewayUnderTest.WAIT)).as("every byte the gateway read, then EOF").isEqualTo(sent);
      }
    }
  }
}
