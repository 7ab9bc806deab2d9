package io.tcpgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** cluster, node-address and reload: defaults, environment overrides, and errors naming the field or variable. */
class ClusterConfigTest {
  private static JsonObject doc() {
    return new JsonObject().put("admin", new JsonObject().put("enabled", false)).put("routes", new JsonArray()
      .add(new JsonObject().put("name", "r").put("listen", "0.0.0.0:7100").put("backends", new JsonArray().add("127.0.0.1:7101"))));
  }

  private static GatewayConfig parse(JsonObject doc, Map<String, String> env) throws ConfigException {
    return new ConfigLoader(PolicyRegistry.load(), env, new Properties()).parse(doc, "f.yaml");
  }

  @Test
  void standaloneWithOneSecondScansIsTheDefault() throws Exception {
    GatewayConfig c = parse(doc(), Map.of());
    assertThat(c.cluster()).isEqualTo(ClusterConfig.STANDALONE);
    assertThat(c.reload().scanPeriodMillis()).isEqualTo(1_000);
    assertThat(c.nodeAddress()).isNull();
  }

  @Test
  void environmentVariablesSetTheClusterPerNode() throws Exception {
    GatewayConfig c = parse(doc(), Map.of("TCPGATE_CLUSTER_ENABLED", "true", "TCPGATE_CLUSTER_MEMBERS", "gw1:5701, gw2:5701",
      "TCPGATE_CLUSTER_HOST", "10.0.0.5", "TCPGATE_CLUSTER_PORT", "5702", "TCPGATE_NODE_ADDRESS", "10.0.0.5",
      "TCPGATE_RELOAD_SCAN_PERIOD", "250ms", "TCPGATE_CLUSTER_JOIN_TIMEOUT", "3s"));
    assertThat(c.cluster()).isEqualTo(new ClusterConfig(true, "tcpgate", List.of("gw1:5701", "gw2:5701"), "10.0.0.5", null, 5702, 3));
    assertThat(c.nodeAddress()).isEqualTo("10.0.0.5");
    assertThat(c.reload().scanPeriodMillis()).isEqualTo(250);
  }

  @Test
  void badClusterSettingsNameTheFieldOrTheVariable() {
    assertThatThrownBy(() -> parse(doc(), Map.of("TCPGATE_CLUSTER_PORT", "fifty")))
      .hasMessageContaining("environment variable TCPGATE_CLUSTER_PORT").hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse(doc().put("cluster", new JsonObject().put("enabled", true)), Map.of()))
      .hasMessageContaining("f.yaml: cluster: field 'members': missing");
    assertThatThrownBy(() -> parse(doc().put("cluster", new JsonObject().put("members", new JsonArray().add("gw1"))), Map.of()))
      .hasMessageContaining("field 'members[0]'");
    assertThatThrownBy(() -> parse(doc().put("node-address", "10.0.0.5:80"), Map.of()))
      .hasMessageContaining("field 'node-address'").hasMessageContaining("without a port");
    assertThatThrownBy(() -> parse(doc().put("reload", new JsonObject().put("scan-period", "soon")), Map.of()))
      .hasMessageContaining("reload: field 'scan-period'");
    assertThatThrownBy(() -> parse(doc().put("cluster", new JsonObject().put("join-timeout", "500ms")), Map.of()))
      .hasMessageContaining("cluster: field 'join-timeout'");
    assertThatThrownBy(() -> parse(doc().put("cluster", new JsonObject().put("join-timeout", "1500ms")), Map.of()))
      .hasMessageContaining("cluster: field 'join-timeout'").hasMessageContaining("whole seconds");
  }
}
