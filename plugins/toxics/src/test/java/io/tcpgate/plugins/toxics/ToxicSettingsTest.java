package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ToxicSettingsTest {
  private static Policy latency(String json) throws InvalidPolicyConfigException {
    return new LatencyToxic().create(new PolicyConfig(new JsonObject(json)));
  }

  private static int acting(Policy p, int connections, String clientIp) {
    int n = 0;
    for (int i = 0; i < connections; i++) {
      if (p.open(new FakeConnection(new InetSocketAddress(clientIp, 40000 + i))) != ConnectionPolicy.NONE) {
        n++;
      }
    }
    return n;
  }

  @Test
  void toxicityZeroNeverActsAndOneAlwaysActs() throws Exception {
    assertThat(acting(latency("{\"toxicity\":0}"), 100, "127.0.0.1")).isZero();
    assertThat(acting(latency("{}"), 100, "127.0.0.1")).isEqualTo(100);
  }

  @Test
  void toxicityIsRolledPerConnectionAndTheSeedMakesItReproducible() throws Exception {
    int a = acting(latency("{\"toxicity\":0.5,\"seed\":42}"), 1_000, "127.0.0.1");
    int b = acting(latency("{\"toxicity\":0.5,\"seed\":42}"), 1_000, "127.0.0.1");
    assertThat(a).isEqualTo(b).isBetween(430, 570);
  }

  @Test
  void matchSelectsByClientBlockEveryNthAndPercentage() throws Exception {
    assertThat(acting(latency("{\"match\":{\"client\":\"127.0.0.0/8\"}}"), 10, "127.0.0.9")).isEqualTo(10);
    assertThat(acting(latency("{\"match\":{\"client\":\"10.0.0.0/8\"}}"), 10, "127.0.0.9")).isZero();
    assertThat(acting(latency("{\"match\":{\"client\":\"::1/128\"}}"), 4, "::1")).isEqualTo(4);
    assertThat(acting(latency("{\"match\":{\"every\":3}}"), 9, "127.0.0.1")).isEqualTo(3);
    assertThat(acting(latency("{\"match\":{\"percent\":25}}"), 100, "127.0.0.1")).isEqualTo(25);
  }

  @Test
  void aBadStreamToxicityOrMatchNamesTheField() {
    assertThatThrownBy(() -> latency("{\"stream\":\"sideways\"}")).hasMessageContaining("upstream, downstream");
    assertThatThrownBy(() -> latency("{\"toxicity\":1.5}")).isInstanceOf(InvalidPolicyConfigException.class);
    assertThatThrownBy(() -> latency("{\"match\":{\"client\":\"nope/99\"}}"))
      .satisfies(e -> assertThat(((InvalidPolicyConfigException) e).field()).isEqualTo("match.client"));
    for (String name : new String[] {"localhost", "cafe.be", "999.0.0.1", "10.0.0.0/33"}) {
      assertThatThrownBy(() -> latency("{\"match\":{\"client\":\"" + name + "\"}}"))
        .satisfies(e -> assertThat(((InvalidPolicyConfigException) e).field()).isEqualTo("match.client"));
    }
  }
}
