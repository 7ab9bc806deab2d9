package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Peers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A route's addresses, as asked and as bound, are shown alike by every admin endpoint that shows them. */
class ListenAddressTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /**
   * A route asked for {@code localhost:0} is bound on {@code 127.0.0.1:PORT}: a proxy's {@code listen}, and
   * {@code bound} in {@code /routes}, {@code /health} and {@code /cluster}, all name that port, where clients
   * connect; {@code listen} there is the address asked, with that port.
   */
  @Test
  void aRouteOnPort0ShowsThePortItGotOnEveryEndpoint() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\n"
        + "routes:\n  - { name: web, listen: localhost:0, backends: [127.0.0.1:1] }\n")) {
      int admin = gw.gateway().adminPort();
      String bound = new JsonObject(AdminClient.get(admin, "/proxies/web")).getString("listen");
      assertThat(bound).startsWith("127.0.0.1:").doesNotEndWith(":0");
      int port = Integer.parseInt(bound.substring("127.0.0.1:".length()));
      try (Socket client = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT)) {
        assertThat(client.isConnected()).as("clients connect there").isTrue();
      }
      assertThat(new JsonObject(AdminClient.get(admin, "/proxies")).getJsonObject("web").getString("listen")).isEqualTo(bound);
      JsonObject[] shown = {
        route(new JsonArray(AdminClient.get(admin, "/routes"))),
        route(new JsonObject(AdminClient.get(admin, "/health")).getJsonArray("routes")),
        route(new JsonObject(AdminClient.get(admin, "/cluster")).getJsonArray("members").getJsonObject(0)
          .getJsonObject("report").getJsonArray("routes"))};
      for (JsonObject r : shown) {
        assertThat(r.getString("bound")).as(r.encode()).isEqualTo(bound);
        assertThat(r.getString("listen")).as(r.encode()).isEqualTo("localhost:" + port);
      }
    }
  }

  /** The one route a list holds. */
  private static JsonObject route(JsonArray routes) {
    assertThat(routes).hasSize(1);
    return routes.getJsonObject(0);
  }
}
