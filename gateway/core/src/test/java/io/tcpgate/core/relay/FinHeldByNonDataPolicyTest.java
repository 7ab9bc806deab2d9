package io.tcpgate.core.relay;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A policy that touches no data but took over a FIN ({@code onFin} returned false) is asked to hand it
 * on when it is removed, so the connection does not hang half-open.
 */
class FinHeldByNonDataPolicyTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  void removingANonDataPolicyThatHoldsTheFinPassesTheFinOn() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(new byte[] {1, 2, 3}));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), null))) {
      RouteRuntime route = gw.gateway().route("r").runtime();
      route.addToxic("hold", new PolicySpec("test-fin-hold", new JsonObject(),
        PolicyRegistry.load().get("test-fin-hold").create(new PolicyConfig(new JsonObject()))));
      try (Socket client = Peers.connect(gw.address("r"), WAIT)) {
        Peers.readExactly(client, 3, WAIT);
        RelayConnection c = route.connections().iterator().next();
        Await.until("the backend's FIN reached the gateway", WAIT, () -> c.finReceived(Direction.DOWNSTREAM));
        route.removeToxic("hold");
        Peers.expectEof(client, WAIT);
      }
    }
  }
}
