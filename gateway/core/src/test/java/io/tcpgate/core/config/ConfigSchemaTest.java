package io.tcpgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
      new JsonObject().put("routes", new JsonArray()).put("cluster", new JsonObject().put("name", "   ")),
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

  /**
   * An address, a duration or a size holds to the end of the value too: {@code $} let "127.0.0.1:7100\n",
   * "5s\n" and "64k\n" through (and {@code \s*} a line break anywhere in a duration or size), which an ECMA
   * validator of the published schema refuses; the parser refuses them now as well.
   */
  @Test
  void anAddressDurationOrSizeEndingInALineBreakDoesNotMatchItsPattern() {
    for (String end : new String[] {"\n", "\r", "\r\n", "\u0085", "\u2028"}) {
      String shown = ConfigException.oneLine(FieldReader.describe(end));
      for (JsonObject doc : List.of(route("listen", "127.0.0.1:7100" + end), route("backends", new JsonArray().add("db:5432" + end)), route("connect-timeout", "5s" + end), route("connect-timeout", "1500" + end),
          route("buffer-size", "64k" + end), new JsonObject().put("routes", new JsonArray()).put("shutdown", new JsonObject().put("drain-timeout", "1m" + end)))) {
        assertThat(ConfigSchema.problems(doc, "c.yaml")).as("%s ending in %s", doc.encode(), shown).isNotEmpty();
        assertThatThrownBy(() -> new ConfigParser(PolicyRegistry.load(), "c.yaml").parse(doc)).as("%s ending in %s", doc.encode(), shown)
          .isInstanceOf(ConfigException.class).hasMessageNotContaining("does not match the schema");
      }
    }
    // a unix path refuses control characters, as a name does; a line separator is none, and a path may hold it
    for (String end : new String[] {"\n", "\r", "\r\n", "\u0085"}) {
      assertThat(ConfigSchema.problems(route("listen", "unix:/run/web.sock" + end), "c.yaml")).isNotEmpty();
    }
    assertThat(ConfigSchema.problems(route("listen", "unix:/run/web.sock\u2028"), "c.yaml")).isEmpty();
  }

  /** Values of an address, a duration and a size that the schema's pattern and the parser both take, or both refuse. */
  @Test
  void theSchemaAndTheParserAgreeOnAddressesDurationsAndSizes() {
    String[][] cases = {
      {"listen", "127.0.0.1:7100"}, {"listen", " 127.0.0.1:7100\t"}, {"listen", "\n127.0.0.1:7100"}, {"listen", "127.0.0.1:7100\n"},
      {"listen", "\u001f127.0.0.1:7100"}, {"listen", "127.0.0.1:0007100"}, {"listen", "[::1]:7100 "}, {"listen", "*:7100"},
      {"listen", "unix:/run/a b "}, {"listen", "unix:/run/a\tb"}, {"listen", "unix:/run/a\nb"}, {"listen", "unix:/"}, {"listen", "unix:/ "},
      {"listen", "unix:/run/a\u0085"},
      {"connect-timeout", "1.5s"}, {"connect-timeout", " 1.5 s\t"}, {"connect-timeout", "1500"}, {"connect-timeout", "1.5"},
      {"connect-timeout", "5\ns"}, {"connect-timeout", "\u000b5s"}, {"connect-timeout", "5s\u00a0"}, {"connect-timeout", "5S"},
      {"buffer-size", "64k"}, {"buffer-size", " 64 KiB\t"}, {"buffer-size", "65536"}, {"buffer-size", "64\nk"}, {"buffer-size", "\u001f64k"},
      {"buffer-size", "64\u212a"}, {"buffer-size", "64kb "},
    };
    for (String[] c : cases) {
      String field = c[0];
      String value = c[1];
      FieldReader fields = new FieldReader("c.yaml", Map.of(), Map.of());
      fields.start(new JsonObject());
      JsonObject o = new JsonObject().put(field, value);
      switch (field) {
        case "listen" -> fields.address(o, field, "route 'web'", true);
        case "connect-timeout" -> fields.duration(o, field, "route 'web'", 5000, 1);
        default -> fields.bytes(o, field, "route 'web'", 65536, 4096, 64L * 1024 * 1024);
      }
      boolean schemaTakes = ConfigSchema.problems(route(field, value), "c.yaml").isEmpty();
      assertThat(fields.problems().isEmpty()).as("%s %s: the schema %s it, the parser says %s", field, ConfigException.oneLine(FieldReader.describe(value)),
        schemaTakes ? "takes" : "refuses", fields.problems()).isEqualTo(schemaTakes);
    }
  }

  /**
   * The cluster name's pattern refuses what the parser does: a name of only spaces ({@link String#isBlank}) or
   * holding a control character; checked for every space, separator and control character, and a few that are
   * neither though they look blank (no-break spaces, a zero-width space, a byte order mark).
   */
  @Test
  void theSchemaAndTheParserAgreeOnClusterNamesOfOnlySpaces() {
    List<Character> checked = new ArrayList<>(List.of('a', '\u00A0', '\u2007', '\u202F', '\u200B', '\uFEFF'));
    for (char c = 0; c < 0xFFFF; c++) {
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
        checked.add(c);
      }
    }
    for (char c : checked) {
      for (String name : new String[] {String.valueOf(c), " " + c + " "}) {
        FieldReader fields = new FieldReader("c.yaml", Map.of(), Map.of());
        fields.start(new JsonObject());
        fields.name(new JsonObject().put("name", name), "name", "cluster", ClusterConfig.DEFAULT_NAME);
        boolean schemaTakes = ConfigSchema.problems(new JsonObject().put("routes", new JsonArray()).put("cluster", new JsonObject().put("name", name)),
          "c.yaml").isEmpty();
        assertThat(fields.problems().isEmpty()).as("cluster name %s: the schema %s it, the parser says %s", ConfigException.oneLine(FieldReader.describe(name)),
          schemaTakes ? "takes" : "refuses", fields.problems()).isEqualTo(schemaTakes);
      }
    }
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
