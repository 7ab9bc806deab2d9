package io.tcpgate.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code GET /connections} shows what the relay has done, as the peers saw it. */
class ConnectionsListingTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int SENT = 1 << 20;
  private static final int REPLY = 300_000;

  /**
   * Once the client has sent its bytes and read the backend's reply and FIN, the listing counts every byte
   * each way and shows the backend's FIN, at once: the row is made on the connection's event loop, after
   * what the relay did there.
   */
  @Test
  void aListingAfterATransferCountsEveryByteAndTheFinTheClientGot() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.afterReceiving(SENT, Behaviour.sendThenFin(new byte[REPLY])));
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes:\n"
           + "  - { name: r, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:" + backend.port() + "\" ] }\n");
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      Peers.write(client, new byte[SENT], WAIT);
      assertThat(Peers.readExactly(client, REPLY, WAIT)).hasSize(REPLY);
      Peers.expectEof(client, WAIT);
      JsonArray listed = new JsonArray(AdminClient.get(gw.gateway().adminPort(), "/connections"));
      assertThat(listed).hasSize(1);
      JsonObject c = listed.getJsonObject(0);
      assertThat(c.getLong("bytes_upstream")).as(c.encode()).isEqualTo(SENT);
      assertThat(c.getLong("bytes_downstream")).as(c.encode()).isEqualTo(REPLY);
      assertThat(c.getBoolean("backend_fin")).as(c.encode()).isTrue();
      assertThat(c.getBoolean("client_fin")).as(c.encode()).isFalse();
      assertThat(c.getString("backend")).as(c.encode()).isEqualTo("127.0.0.1:" + backend.port());
    }
  }
}
