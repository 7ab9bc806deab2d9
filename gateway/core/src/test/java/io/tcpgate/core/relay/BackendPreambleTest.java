package io.tcpgate.core.relay;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A policy's backend preamble ({@code ConnectionPolicy.backendPreamble}) reaches the backend once, before
 * the client's bytes, is not counted as relayed, keeps the connection on the fast path, and is never
 * written by a policy added to a live connection.
 */
class BackendPreambleTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static String read(Socket socket, int n) throws Exception {
    return new String(Peers.readExactly(socket, n, WAIT), US_ASCII);
  }

  private static <T> T onLoop(RelayConnection connection, Supplier<T> read) throws Exception {
    return connection.readOnLoop(read).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void thePreambleGoesFirstOnceUncountedAndTheConnectionStaysOnTheFastPath() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()),
           "    policies:\n      - { type: test-preamble, text: \"HDR\\n\" }\n"));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      client.getOutputStream().write("hello".getBytes(US_ASCII));
      backend.awaitConnections(1, WAIT);
      Socket server = backend.acceptedSockets().get(0);
      assertThat(read(server, 9)).isEqualTo("HDR\nhello");
      client.getOutputStream().write("again".getBytes(US_ASCII));
      assertThat(read(server, 5)).isEqualTo("again");
      server.getOutputStream().write("reply".getBytes(US_ASCII));
      assertThat(read(client, 5)).isEqualTo("reply");

      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      assertThat(onLoop(connection, () -> connection.bytes(Direction.UPSTREAM))).as("bytes read from the client only").isEqualTo(10);
      assertThat(gw.gateway().route("r").runtime().stats().bytes(Direction.UPSTREAM)).isEqualTo(10);
      assertThat(onLoop(connection, () -> connection.chain.touchesData(Direction.UPSTREAM))).as("on the policy path").isFalse();
      assertThat(onLoop(connection, connection::localAddress)).as("the address the client connected to")
        .isEqualTo(client.getRemoteSocketAddress());
    }
  }

  @Test
  void aPolicyAddedToALiveConnectionWritesNoPreamble() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute(backend.address()));
         Socket client = Peers.connect(gw.address("r"), WAIT)) {
      client.getOutputStream().write("one".getBytes(US_ASCII));
      backend.awaitConnections(1, WAIT);
      Socket server = backend.acceptedSockets().get(0);
      assertThat(read(server, 3)).isEqualTo("one");
      RouteRuntime route = gw.gateway().route("r").runtime();
      RelayConnection connection = Routes.awaitConnection(gw, "r", WAIT);
      PolicySpec preamble = new PolicySpec("test-preamble", new JsonObject(),
        PolicyRegistry.load().get("test-preamble").create(new PolicyConfig(new JsonObject().put("text", "LATE"))));
      assertThat(route.addToxic("late", preamble)).isTrue();
      connection.barrier().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(connection.policyNames()).containsExactly("late");
      client.getOutputStream().write("two".getBytes(US_ASCII));
      assertThat(read(server, 3)).isEqualTo("two");
    }
  }
}
