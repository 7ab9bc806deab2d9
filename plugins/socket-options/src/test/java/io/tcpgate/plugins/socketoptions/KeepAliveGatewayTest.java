package io.tcpgate.plugins.socketoptions;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.AdminClient;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.vertx.core.json.JsonArray;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** keep-alive on a real gateway: the options read back from both of its sockets, on epoll and on NIO. */
class KeepAliveGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String POLICY = "type: keep-alive, idle: 45s, interval: 7s, count: 3";

  @BeforeEach
  void forgetEarlierConnections() {
    SocketProbe.forget();
  }

  @Test
  void onEpollBothSocketsReadBackKeepAliveAndItsTimings() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(POLICY).policy("type: socket-probe").yaml());
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      assumeTrue(gw.gateway().transport().equals("epoll"), "native epoll is not available here");
      Map<Side, SocketProbe.Options> options = SocketProbe.next(WAIT);
      for (Side side : Side.values()) {
        assertThat(options.get(side).keepAlive()).as(side.wireName()).isTrue();
        assertThat(options.get(side).keepAliveTimings()).as(side.wireName()).containsExactly(45, 7, 3);
      }
    }
  }

  @Test
  void onNioBothSocketsReadBackKeepAliveAndThePolicySaysTheTimingsWereNotApplied() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).nio().withAdmin()
           .policy(POLICY).policy("type: socket-probe").yaml());
         Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
      assertThat(gw.gateway().transport()).isEqualTo("nio");
      Map<Side, SocketProbe.Options> options = SocketProbe.next(WAIT);
      for (Side side : Side.values()) {
        assertThat(options.get(side).keepAlive()).as(side.wireName()).isTrue();
        assertThat(options.get(side).keepAliveTimings()).as("NIO cannot tell the timings").isNull();
      }
      JsonArray routes = new JsonArray(AdminClient.get(gw.gateway().adminPort(), "/routes"));
      assertThat(routes.getJsonObject(0).getJsonArray("policies").getJsonObject(0).getLong("timings_not_applied")).isEqualTo(2);
    }
  }
}
