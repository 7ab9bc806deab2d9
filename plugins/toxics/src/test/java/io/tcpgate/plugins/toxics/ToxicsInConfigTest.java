package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Toxics declared per route in the config file are validated like policies; errors name route, toxic and field. */
class ToxicsInConfigTest {
  private static String route(String toxics) {
    return "admin: { enabled: false }\nroutes:\n  - name: r\n    listen: 127.0.0.1:0\n    backends: [ \"127.0.0.1:9\" ]\n"
      + "    toxics:\n" + toxics;
  }

  @Test
  void declaredToxicsActOnTheRouteInOrder() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start(route(
        "      - { name: slow, type: latency, attributes: { latency: 10 } }\n"
        + "      - { type: reset_peer, stream: upstream, toxicity: 0.5, seed: 3, ttl: 60000 }\n"))) {
      var toxics = gw.gateway().route("r").runtime().toxics();
      assertThat(toxics).extracting(t -> t.name()).containsExactly("slow", "reset_peer_upstream");
      assertThat(toxics.get(0).spec().entry().getJsonObject("attributes").getLong("jitter")).isZero();
    }
  }

  @Test
  void aTtlOfZeroInTheFileMeansNeverAsInTheApi() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start(route("      - { name: kept, type: latency, ttl: 0, attributes: { latency: 10 } }\n"))) {
      assertThat(gw.gateway().route("r").runtime().toxics()).extracting(t -> t.name()).containsExactly("kept");
    }
    assertThatThrownBy(() -> EmbeddedGateway.start(route("      - { name: past, type: latency, ttl: -1 }\n")))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("field 'toxics[0] (toxic 'past').ttl'");
  }

  @Test
  void aBadAttributeNamesTheRouteTheToxicAndTheField() {
    assertThatThrownBy(() -> EmbeddedGateway.start(route("      - { name: slow, type: latency, attributes: { latency: -1 } }\n")))
      .isInstanceOf(ConfigException.class)
      .hasMessageContaining("route 'r': field 'toxics[0] (toxic 'slow').attributes.latency'");
  }

  @Test
  void anUnknownTypeListsTheKnownToxics() {
    assertThatThrownBy(() -> EmbeddedGateway.start(route("      - { name: x, type: lag }\n")))
      .hasMessageContaining("field 'toxics[0] (toxic 'x').type': unknown toxic type 'lag'; known toxic types:")
      .hasMessageContaining("bandwidth");
  }

  @Test
  void duplicateNamesAndBadStreamsAreRejected() {
    assertThatThrownBy(() -> EmbeddedGateway.start(route(
        "      - { name: a, type: latency }\n      - { name: a, type: timeout }\n      - { name: b, type: latency, stream: both }\n")))
      .hasMessageContaining("field 'toxics[1] (toxic 'a').name': duplicate toxic name 'a'")
      .hasMessageContaining("field 'toxics[2] (toxic 'b').stream': expected upstream or downstream");
  }

  @Test
  void aToxicUnderPoliciesIsPointedToToxics() {
    String yaml = "admin: { enabled: false }\nroutes:\n  - name: r\n    listen: 127.0.0.1:0\n    backends: [ \"127.0.0.1:9\" ]\n"
      + "    policies:\n      - { type: latency }\n";
    assertThatThrownBy(() -> EmbeddedGateway.start(yaml))
      .hasMessageContaining("field 'policies[0].type': 'latency' is a toxic; declare it under toxics:");
  }

  @Test
  void everyBadFieldOfAToxicIsReportedInOneRun() {
    rejected("{ name: slow, type: latency, stream: sideways, ttl: -1, attributes: { latency: -1, jitter: x, spread: 2 } }",
      "field 'toxics[0] (toxic 'slow').stream': expected upstream or downstream, got \"sideways\"",
      "field 'toxics[0] (toxic 'slow').ttl': expected a whole number of milliseconds",
      "field 'toxics[0] (toxic 'slow').attributes.spread': unknown field 'spread'",
      "field 'toxics[0] (toxic 'slow').attributes.latency': expected a whole number from 0",
      "field 'toxics[0] (toxic 'slow').attributes.jitter': expected a whole number from 0");
  }

  @Test
  void aBadMatchIsReportedWithTheToxicsOtherBadFields() {
    rejected("{ name: picky, type: latency, match: { client: nope, every: -1, often: 1 }, attributes: { latency: -1 } }",
      "field 'toxics[0] (toxic 'picky').match.often': unknown field 'often'",
      "field 'toxics[0] (toxic 'picky').match.every': expected a whole number from 0",
      "field 'toxics[0] (toxic 'picky').match.client': expected an IP address or CIDR block",
      "field 'toxics[0] (toxic 'picky').attributes.latency': expected a whole number from 0");
  }

  /** A route declaring {@code toxic} fails to start with exactly {@code problems}, one each. */
  private static void rejected(String toxic, String... problems) {
    assertThatThrownBy(() -> EmbeddedGateway.start(route("      - " + toxic + "\n")))
      .isInstanceOf(ConfigException.class)
      .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(problems.length))
      .hasMessageContainingAll(problems);
  }

  @Test
  void aSlicersOwnCheckIsListedWithTheToxicsOtherBadFields() {
    rejected("{ name: cut, type: slicer, stream: sideways, attributes: { average_size: 4, size_variation: 4, delay: -1 } }",
      "route 'r': field 'toxics[0] (toxic 'cut').stream': expected upstream or downstream",
      "route 'r': field 'toxics[0] (toxic 'cut').attributes.size_variation': must be less than average_size (4), got 4",
      "route 'r': field 'toxics[0] (toxic 'cut').attributes.delay': expected a whole number from 0");
  }

  @Test
  void aSlicersCheckAcrossAttributesIsNotMadeAgainstTheDefaultOfABadOne() {
    rejected("{ name: cut, type: slicer, attributes: { average_size: 0, size_variation: 5 } }",
      "route 'r': field 'toxics[0] (toxic 'cut').attributes.average_size': expected a whole number from 1");
  }
}
