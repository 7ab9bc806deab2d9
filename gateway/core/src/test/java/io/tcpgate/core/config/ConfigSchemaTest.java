package io.tcpgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published schema and the parser agree, and schema problems name the route and the field. */
class ConfigSchemaTest {
  private static JsonObject route(Object... kv) {
    JsonObject r = new JsonObject().put("name", "web").put("listen", "127.0.0.1:7100").put("backends", new JsonArray().add("db:5432"));
    for (int i = 0; i < kv.length; i += 2) {
      if (kv[i + 1] == null) {
        r.remove((String) kv[i]);
      } else {
        r.put((String) kv[i], kv[i + 1]);
      }
    }
    return new JsonObject().put("routes", new JsonArray().add(r));
  }

  @Test
  void thePublishedSchemaIsTheResourceAsWritten() throws Exception {
    assertThat(ConfigSchema.problems(route("listen", 7), "c.yaml")).isNotEmpty();
    try (InputStream in = ConfigSchema.class.getResourceAsStream(ConfigSchema.RESOURCE)) {
      JsonObject written = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(ConfigSchema.schema()).isEqualTo(written);
      assertThat(ConfigSchema.schema().encode()).doesNotContain("__absolute");
    }
  }

  @Test
  void everyStructuralProblemTheParserRejectsTheSchemaRejectsToo() {
    List<JsonObject> bad = List.of(
      route("listne", "x:1"),
      route("backends", "db:5432"),
      route("listen", null),
      route("listen", "127.0.0.1:700000"),
      route("backends", new JsonArray()),
      route("connect-timeout", "5 minutes"),
      route("balance", "random"),
      route("connect-failure", "close"),
      route("policies", new JsonArray().add(new JsonObject().put("timeout", "1s"))),
      new JsonObject().put("routes", new JsonArray()).put("admin", new JsonObject().put("port", "high")),
      new JsonObject().put("routes", new JsonArray()).put("cluster", new JsonObject().put("name", "gw\tone")),
      new JsonObject().put("routes", new JsonArray()).put("cluster", new JsonObject().put("name", "")),
      route("toxics", new JsonArray().add(new JsonObject().put("name", "s\nt").put("type", "latency"))));
    for (JsonObject doc : bad) {
      assertThat(ConfigSchema.problems(doc, "c.yaml")).as(doc.encode()).isNotEmpty();
      assertThat(ConfigSchema.problems(doc, "c.yaml")).allSatisfy(p -> assertThat(p).startsWith("c.yaml: "));
    }
  }

  /**
   * A name pattern holds to the end of the value: a Java regex's {@code $} also matches before a last line
   * break, so {@code ^…$} alone let "web\n" through where the parser refuses it.
   */
  @Test
  void aNameEndingInALineBreakDoesNotMatchItsPattern() {
    for (String end : new String[] {"\n", "\r", "\r\n", "\u0085"}) {
      String shown = ConfigException.oneLine(FieldReader.describe(end));
      assertThat(ConfigSchema.problems(route("name", "web" + end), "c.yaml")).as("route name ending in %s", shown).isNotEmpty();
      assertThat(ConfigSchema.problems(new JsonObject().put("routes", new JsonArray()).put("cluster", new JsonObject().put("name", "gw" + end)),
        "c.yaml")).as("cluster name ending in %s", shown).anySatisfy(p -> assertThat(p).startsWith("c.yaml: field 'cluster.name': does not match the schema"));
      assertThat(ConfigSchema.problems(route("toxics", new JsonArray().add(new JsonObject().put("name", "slow" + end).put("type", "latency"))),
        "c.yaml")).as("toxic name ending in %s", shown).isNotEmpty();
    }
    // a line separator is no control character: only a route name refuses it, as the parser does
    assertThat(ConfigSchema.problems(route("name", "web\u2028"), "c.yaml")).isNotEmpty();
    assertThat(ConfigSchema.problems(route("name", "web", "toxics", new JsonArray().add(new JsonObject().put("name", "slow\u2028").put("type", "latency")))
      .put("cluster", new JsonObject().put("name", "gw\u2028")), "c.yaml")).isEmpty();
  }

  @Test
  void schemaProblemsNameTheRouteAndTheField() {
    List<String> p = ConfigSchema.problems(route("balance", "random"), "c.yaml");
    assertThat(p).anySatisfy(line -> assertThat(line).startsWith("c.yaml: route 'web': field 'balance': does not match the schema"));
  }

  @Test
  void aValueThatMissesAPatternIsToldWhatItsSchemaExpects() {
    assertThat(ConfigSchema.problems(route("listen", "my host:7100"), "c.yaml")).containsExactly(
      "c.yaml: route 'web': field 'listen': does not match the schema: expected host:port, [ipv6]:port or unix:/absolute/path,"
        + " got \"my host:7100\" (#/properties/routes/items/$ref/properties/listen/$ref/pattern)");
    assertThat(ConfigSchema.problems(route("connect-timeout", "5 minutes"), "c.yaml")).containsExactly(
      "c.yaml: route 'web': field 'connect-timeout': does not match the schema: expected a duration such as 500ms, 2s, 1.5s, 5m, 1h"
        + " or a whole number of milliseconds, got \"5 minutes\" (#/properties/routes/items/$ref/properties/connect-timeout/$ref/oneOf/1/pattern)");
  }

  @Test
  void everyPatternInTheSchemaSaysInItsDescriptionWhatItExpects() {
    List<JsonObject> patterns = new ArrayList<>();
    collectPatterns(ConfigSchema.schema(), patterns);
    assertThat(patterns).hasSizeGreaterThanOrEqualTo(4)
      .allSatisfy(s -> assertThat(s.getString("description")).as(s.encode()).isNotBlank());
  }

  /** Adds every schema object under {@code node} that has a {@code pattern} to {@code into}. */
  private static void collectPatterns(Object node, List<JsonObject> into) {
    if (node instanceof JsonObject o) {
      if (o.getValue("pattern") instanceof String) {
        into.add(o);
      }
      o.forEach(e -> collectPatterns(e.getValue(), into));
    } else if (node instanceof JsonArray a) {
      a.forEach(v -> collectPatterns(v, into));
    }
  }

  @Test
  void validConfigsConformToTheSchema() {
    assertThat(ConfigSchema.problems(route("balance", "least-connections", "connect-timeout", "1.5s", "buffer-size", "64k",
      "policies", new JsonArray().add(new JsonObject().put("type", "idle-timeout").put("timeout", "5m"))), "c.yaml")).isEmpty();
    assertThat(ConfigSchema.problems(route("listen", "unix:/run/tcpgate.sock", "backends", new JsonArray().add("[::1]:6379")), "c.yaml")).isEmpty();
  }
}
