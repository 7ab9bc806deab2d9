package io.tcpgate.core.cluster;

import static io.tcpgate.core.cluster.TwoNodes.echo;
import static io.tcpgate.core.cluster.TwoNodes.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.state.HazelcastStateStore;
import io.tcpgate.core.state.Toxic;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in this JVM (127.0.0.6 and 127.0.0.7) that list each other as members but carry different
 * cluster names (CLUSTER.md: "members with another name never join") form a cluster each and share no
 * state: a toxic added through one is not in the other's state, nor on its route.
 */
class ClusterNamesApartTest {
  @Test
  void nodesWithAnotherClusterNameOnTheListedAddressesShareNoState() throws Exception {
    TwoNodes nodes = new TwoNodes(0);
    String nameA = "test-a-" + UUID.randomUUID();
    String nameB = "test-b-" + UUID.randomUUID();
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway a = EmbeddedGateway.start(nodes.config(TwoNodes.A, nameA, TwoNodes.route("r", TwoNodes.A, 0, backend.port())));
         EmbeddedGateway b = EmbeddedGateway.start(nodes.config(TwoNodes.B, nameB, TwoNodes.route("r", TwoNodes.B, 0, backend.port())))) {
      assertThat(size(a)).as("members seen by the first node").isEqualTo(1);
      assertThat(size(b)).as("members seen by the second node").isEqualTo(1);

      get(a.gateway().runtimeState().addToxic("r", new Toxic("on-a", "test-upcase", new JsonObject())));
      get(b.gateway().runtimeState().addToxic("r", new Toxic("on-b", "test-upcase", new JsonObject())));
      // a map shared by both would hold both toxics once both adds returned
      assertThat(stored(nameA)).as("the first cluster's state").contains("on-a").doesNotContain("on-b");
      assertThat(stored(nameB)).as("the second cluster's state").contains("on-b").doesNotContain("on-a");
      assertThat(toxicsOn(a.gateway())).containsExactly("on-a");
      assertThat(toxicsOn(b.gateway())).containsExactly("on-b");

      get(a.gateway().runtimeState().removeToxic("r", "on-a"));
      Await.until("the first node's route without its toxic", TwoNodes.WAIT, () -> toxicsOn(a.gateway()).isEmpty());
      assertThat(echo(a.address("r"))).as("the first node's route, its toxic removed").isEqualTo("ping");
      assertThat(echo(b.address("r"))).as("the second node's route keeps its own toxic").isEqualTo("PING");
      assertThat(stored(nameB)).as("the second cluster's state after a removal on the first").contains("on-b");
    }
  }

  private static int size(EmbeddedGateway g) throws Exception {
    return get(g.gateway().clusterView().snapshot()).getInteger("size");
  }

  /** Route r's entry in the state map of the member of cluster {@code name} in this JVM, as stored ("" when none). */
  private static String stored(String name) {
    HazelcastInstance hz = Hazelcast.getAllHazelcastInstances().stream()
      .filter(h -> h.getConfig().getClusterName().equals(name)).findFirst().orElseThrow();
    String entry = hz.<String, String>getMap(HazelcastStateStore.MAP).get("r");
    return entry == null ? "" : entry;
  }

  private static List<String> toxicsOn(Gateway g) {
    return g.route("r").runtime().toxics().stream().map(t -> t.name()).toList();
  }
}
