package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.Sha256Sink;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Policies added to and removed from live connections never lose, duplicate or reorder a byte. */
class LivePolicyChangeTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aDataPolicyAddedAndRemovedFiveHundredTimesOnAStreamingConnectionKeepsItByteExact() throws Exception {
    Payload down = Payload.of(99, 48L << 20);
    try (ScriptedBackend backend = new ScriptedBackend(c -> {
          Peers.writeAsyncThenFin(c.socket(), down).await(WAIT);
          c.drain();
        });
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()), null));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      RouteRuntime route = gw.gateway().route("r").runtime();
      PolicySpec hold = new PolicySpec("test-hold", new JsonObject(),
        PolicyRegistry.load().get("test-hold").create(new PolicyConfig(new JsonObject().put("delay-ms", 1))));
      CompletableFuture<StreamDigest> received = CompletableFuture.supplyAsync(() -> {
        try {
          return new SlowReader(16L << 20).readToEof(client, WAIT); // ~3 s, so changes meet the stream
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Await.until("the connection is live", WAIT, () -> !route.connections().isEmpty());
      RelayConnection connection = route.connections().iterator().next();
      int changes = 0;
      for (int i = 0; i < 500 && !received.isDone(); i++) {
        assertThat(route.addToxic("hold", hold)).isTrue();
        Await.until("the policy reaches the connection", WAIT, () -> connection.policyNames().contains("hold") || connection.isFinished());
        assertThat(route.removeToxic("hold")).isTrue();
        Await.until("the policy leaves the connection", WAIT, () -> !connection.policyNames().contains("hold") || connection.isFinished());
        changes++;
      }
      Peers.sendFin(client);
      assertThat(received.get()).isEqualTo(down.digest());
      assertThat(changes).as("changes made while the stream flowed").isGreaterThan(20);
    }
  }

  @Test
  void aPolicyDeclaredOnTheRouteHoldsTheFinUntilItsBytesAreOut() throws Exception {
    Payload down = Payload.of(5, 3L << 20);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.sendThenFin(down.toByteArray()));
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()),
           "    policies:\n      - { type: test-hold, delay-ms: 2 }\n"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      assertThat(Sha256Sink.drain(client, WAIT)).isEqualTo(down.digest());
    }
  }
}
