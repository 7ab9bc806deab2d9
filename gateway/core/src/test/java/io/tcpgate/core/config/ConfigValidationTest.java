package io.tcpgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.Durations;
import io.tcpgate.spi.Sizes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of bad config gives an error naming the file, the route and the field, and what is valid. */
@ExtendWith(VertxExtension.class)
class ConfigValidationTest {
  @TempDir
  Path dir;

  private static final String GOOD_ROUTE = "  - name: web\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:7101\" ]\n";

  private String problems(Vertx vertx, String fileName, String text) throws Exception {
    return problems(vertx, fileName, text.getBytes(StandardCharsets.UTF_8));
  }

  private String problems(Vertx vertx, String fileName, byte[] bytes) throws Exception {
    Path file = dir.resolve(fileName);
    Files.write(file, bytes);
    String text = new String(bytes, StandardCharsets.UTF_8);
    ConfigLoader loader = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties());
    Throwable t = null;
    try {
      loader.load(vertx, file).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      t = e.getCause();
    }
    assertThat(t).as("config should be rejected:\n" + text).isInstanceOf(ConfigException.class);
    return t.getMessage();
  }

  private GatewayConfig valid(Vertx vertx, String text) throws Exception {
    Path file = dir.resolve("good.yaml");
    Files.writeString(file, text);
    return new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).load(vertx, file)
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aValidFileGivesRoutesWithDefaults(Vertx vertx) throws Exception {
    GatewayConfig c = valid(vertx, "routes:\n" + GOOD_ROUTE);
    RouteConfig r = c.routes().get(0);
    assertThat(r.name()).isEqualTo("web");
    assertThat(r.listen()).isEqualTo(new Address("127.0.0.1", 7100, null));
    assertThat(r.balance()).isEqualTo(Balance.ROUND_ROBIN);
    assertThat(r.connectTimeoutMillis()).isEqualTo(5000);
    assertThat(r.bufferBytes()).isEqualTo(256 * 1024);
    assertThat(c.admin()).isEqualTo(new AdminConfig(true, "127.0.0.1", 8474, null));
  }

  @Test
  void malformedYamlNamesTheFile(Vertx vertx) throws Exception {
    String m = problems(vertx, "bad.yaml", "routes:\n  - name: [unclosed\n");
    assertThat(m).contains("bad.yaml").contains("not valid YAML");
  }

  @Test
  void aFileOfOnlyCommentsIsCalledEmpty(Vertx vertx) throws Exception {
    String m = problems(vertx, "blank.yaml", "# nothing here yet\n\n");
    assertThat(m).contains("blank.yaml: empty: it holds no configuration");
    assertThat(problems(vertx, "zero.yaml", "")).contains("zero.yaml: empty: it holds no configuration");
  }

  @Test
  void aValueYamlReadsAsADateIsReadAsWrittenAndJudgedByItsField(Vertx vertx) throws Exception {
    String m = problems(vertx, "dated.yaml", "routes:\n" + GOOD_ROUTE + "    connect-timeout: 2024-01-01\n"
      + "    fail-timeout: 2024-01-01 10:00:00\n"
      + "shutdown: { drain-timeout: 2024-01-01 }\n");
    hasLines(m, "dated.yaml: shutdown: field 'drain-timeout': expected a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number of milliseconds, got \"2024-01-01\"",
      "dated.yaml: route 'web': field 'connect-timeout': expected a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number of milliseconds, got \"2024-01-01\"",
      "dated.yaml: route 'web': field 'fail-timeout': expected a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number of milliseconds, got \"2024-01-01 10:00:00\"");
    assertThat(valid(vertx, "routes:\n  - name: 2024-01-01\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:7101\" ]\n")
      .routes().get(0).name()).isEqualTo("2024-01-01");
  }

  @Test
  void aNullKeyIsNamedWithoutAnInternalError(Vertx vertx) throws Exception {
    assertThat(problems(vertx, "key.yaml", "routes:\n  - name: web\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:7101\" ]\n    ~: 5s\n"))
      .isEqualTo(dir.resolve("key.yaml") + ": route 'web': a key is null (~, null or nothing before the colon); write each key as a name");
    hasLines(problems(vertx, "top.yaml", "~: 1\nroutes:\n" + GOOD_ROUTE + "    ~: 5s\n    balance: random\n"),
      "top.yaml: a key is null (~, null or nothing before the colon); write each key as a name",
      "top.yaml: route 'web': a key is null (~, null or nothing before the colon); write each key as a name",
      "top.yaml: route 'web': field 'balance': expected round-robin or least-connections, got \"random\"");
  }

  @Test
  void aFileThatIsNotAnObjectSaysWhatItShouldBe(Vertx vertx) throws Exception {
    assertThat(problems(vertx, "list.yaml", "- a\n- b\n"))
      .isEqualTo(dir.resolve("list.yaml") + ": expected an object with routes (and admin, shutdown, …) at the top, got a list");
    assertThat(problems(vertx, "word.yaml", "routes\n"))
      .isEqualTo(dir.resolve("word.yaml") + ": expected an object with routes (and admin, shutdown, …) at the top, got \"routes\"");
    assertThat(problems(vertx, "list.json", "[ 1, 2 ]\n"))
      .isEqualTo(dir.resolve("list.json") + ": expected an object with routes (and admin, shutdown, …) at the top, got a list");
    assertThat(problems(vertx, "null.yaml", "~\n"))
      .isEqualTo(dir.resolve("null.yaml") + ": expected an object with routes (and admin, shutdown, …) at the top, got null");
  }

  @Test
  void malformedJsonNamesTheFile(Vertx vertx) throws Exception {
    String m = problems(vertx, "bad.json", "{ \"routes\": [ { \"name\": \"x\", } ");
    assertThat(m).contains("bad.json").contains("not valid JSON");
  }

  /** The column of a JSON problem counts characters as an editor shows them, one for an {@code é} or an emoji, where the reader counts bytes. */
  @Test
  void aJsonProblemsColumnCountsCharacters(Vertx vertx) throws Exception {
    for (String value : new String[] {"e", "\u00e9", "\u20ac", "\ud83d\ude00"}) {
      assertThat(problems(vertx, "c.json", "{ \"routes\": [],\n  \"x\": \"" + value + "\", ! }\n")).as(value)
        .startsWith(dir.resolve("c.json") + ": not valid JSON: line 2, column 13: Unexpected character ('!' (code 33))");
      assertThat(problems(vertx, "c.json", "{ \"routes\": [], \"" + value + "\": Infinity }\n")).as(value)
        .startsWith(dir.resolve("c.json") + ": not valid JSON: line 1, column 22: Non-standard token 'Infinity'");
    }
  }

  @Test
  void missingFileIsNamed(Vertx vertx) throws Exception {
    Path file = dir.resolve("nope.yaml");
    Throwable t = null;
    try {
      new ConfigLoader(PolicyRegistry.load()).load(vertx, file).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      t = e.getCause();
    }
    assertThat(t).hasMessageContaining("nope.yaml").hasMessageContaining("no such file");
  }

  @Test
  void unknownFieldIsNamedWithTheKnownOnes(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    listne: 1.2.3.4:5\n");
    assertThat(m).contains("c.yaml: route 'web': field 'listne': unknown field").contains("listen");
  }

  @Test
  void wrongTypeIsNamed(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: 127.0.0.1:7100\n    backends: \"127.0.0.1:7101\"\n");
    assertThat(m).contains("route 'web': field 'backends': expected a list");
  }

  @Test
  void aHostWithASpaceOrAnIpv6AddressWithoutAPortIsNamedWithTheOtherProblems(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: 127.0.0.1:7100\n"
      + "    backends: [ \"127.0.0.1:7100\", \"my host:7101\", \"[::1]\" ]\n");
    hasLines(m, "c.yaml: route 'web': field 'backends[1]': expected a host name (letters, digits, '-', '_', '.'), an IPv4 address or *,"
        + " got \"my host:7101\"",
      "c.yaml: route 'web': field 'backends[2]': expected [ipv6]:port, got \"[::1]\"",
      "c.yaml: route 'web': field 'backends': its connections would come back to this gateway without end: web -> web");
  }

  @Test
  void aVariableReferenceInAnAddressIsRefusedAsTheFileIsNotExpanded(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: \"${HOST}:7100\"\n    backends: [ \"$BACKEND:6379\" ]\n");
    hasLines(m, "c.yaml: route 'web': field 'listen': expected a host name (letters, digits, '-', '_', '.'), an IPv4 address or *,"
        + " got \"${HOST}:7100\"; ${...} and $NAME are not expanded: they stay as written",
      "c.yaml: route 'web': field 'backends[0]': expected a host name (letters, digits, '-', '_', '.'), an IPv4 address or *,"
        + " got \"$BACKEND:6379\"; ${...} and $NAME are not expanded: they stay as written");
  }

  /**
   * A host of digits and dots is meant as an IPv4 address: one out of range was looked up as a name at
   * connect time, and brackets holding no IPv6 address were bound as a name.
   */
  @Test
  void anIpAddressThatIsNotOneIsRefused(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: \"[1:2:3:4:5:6:7:8:9]:7100\"\n"
      + "    backends: [ \"999.1.1.1:6379\", \"127.1:6379\", \"10.0.0.1.5:6379\", \"[::1]:6379\", \"[::ffff:127.0.0.1]:6379\", \"db1.local:6379\" ]\n");
    hasLines(m, "c.yaml: route 'web': field 'listen': expected an IPv6 address in the brackets, got \"[1:2:3:4:5:6:7:8:9]:7100\"",
      "c.yaml: route 'web': field 'backends[0]': expected an IPv4 address (four numbers 0-255 joined by '.'), got \"999.1.1.1\" in \"999.1.1.1:6379\"",
      "c.yaml: route 'web': field 'backends[1]': expected an IPv4 address (four numbers 0-255 joined by '.'), got \"127.1\" in \"127.1:6379\"",
      "c.yaml: route 'web': field 'backends[2]': expected an IPv4 address (four numbers 0-255 joined by '.'), got \"10.0.0.1.5\" in \"10.0.0.1.5:6379\"");
  }

  @Test
  void missingListenIsNamed(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    backends: [ \"127.0.0.1:7101\" ]\n");
    assertThat(m).contains("route 'web': field 'listen': missing; expected host:port");
  }

  @Test
  void portOutOfRangeIsNamed(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: 127.0.0.1:70000\n    backends: [ \"127.0.0.1:7101\" ]\n");
    assertThat(m).contains("route 'web': field 'listen': port must be from 0 to 65535, got 70000");
    String b = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:0\" ]\n");
    assertThat(b).contains("field 'backends[0]': port must be from 1 to 65535, got 0");
  }

  @Test
  void anInvalidListenSaysPortZeroIsValidThereAndABackendSaysItIsNot(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: bad\n    backends: [ \"bad\" ]\n"
      + "  - name: two\n    listen: 127.0.0.1:x\n    backends: [ \"127.0.0.1:y\" ]\n  - name: three\n    backends: [ \"127.0.0.1:1\" ]\n");
    assertThat(m).contains("route 'web': field 'listen': expected host:port (port 0-65535, 0 = any free port), [ipv6]:port, "
        + "or unix:/absolute/path, got \"bad\"")
      .contains("route 'web': field 'backends[0]': expected host:port (port 1-65535), [ipv6]:port, or unix:/absolute/path, got \"bad\"")
      .contains("route 'two': field 'listen': port must be a number from 0 to 65535, got \"x\"")
      .contains("route 'two': field 'backends[0]': port must be a number from 1 to 65535, got \"y\"")
      .contains("route 'three': field 'listen': missing; expected host:port (port 0-65535, 0 = any free port)");
  }

  @Test
  void duplicateRouteNameIsNamed(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE
      + "  - name: web\n    listen: 127.0.0.1:7200\n    backends: [ \"127.0.0.1:7101\" ]\n");
    assertThat(m).contains("route 'web': field 'name': duplicate route name: routes[0] and routes[1]");
    hasLines(problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE
        + "  - name: api\n    listen: 127.0.0.1:7200\n    backends: [ \"127.0.0.1:7101\" ]\n"
        + "  - name: web\n    listen: 127.0.0.1:7300\n    backends: [ \"127.0.0.1:7101\" ]\n"),
      "c.yaml: route 'web': field 'name': duplicate route name: routes[0] and routes[2] are both named 'web'");
  }

  @Test
  void aValueOfTheWrongKindIsShownWithItsKind(Vertx vertx) throws Exception {
    hasLines(problems(vertx, "c.yaml", "admin: { port: [ 1 ], enabled: 1 }\nevent-loops: true\n"
        + "builtin-backends: [ { type: [ echo ], listen: \"127.0.0.1:7001\" } ]\nroutes:\n" + GOOD_ROUTE
        + "    balance: [ round-robin ]\n    connect-timeout: [ 1 ]\n    buffer-size: { a: 1 }\n    max-fails: false\n"
        + "    policies:\n      - { type: test-hold, delay-ms: [ 1 ] }\n"),
      "c.yaml: admin: field 'enabled': expected true or false, got 1",
      "c.yaml: admin: field 'port': expected a whole number from 0 to 65535, got a list [1]",
      "c.yaml: field 'event-loops': expected a whole number from 0 to 1024, got the boolean true",
      "c.yaml: builtin-backends[0]: field 'type': expected a string, got a list [\"echo\"]",
      "c.yaml: route 'web': field 'balance': expected a string, got a list [\"round-robin\"]",
      "c.yaml: route 'web': field 'connect-timeout': expected a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number of milliseconds,"
        + " got a list [1]",
      "c.yaml: route 'web': field 'buffer-size': expected a size such as 65536, 64k, 1m (k = 1024 bytes), got an object {\"a\":1}",
      "c.yaml: route 'web': field 'max-fails': expected a whole number from 0 to 1000000, got the boolean false",
      "c.yaml: route 'web': field 'policies[0].delay-ms': policy 'test-hold': expected a whole number from 0 to 10000, got a list [1]");
    assertThat(problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    connect-timeout: [ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 ]\n"))
      .endsWith(", got a list [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16…");
  }

  /** YAML reads on, off, yes, no, true and false unquoted as booleans: a field that wants text says to quote the word written. */
  @Test
  void aWordYamlReadsAsABooleanWhereTextIsWantedIsToldToBeQuoted(Vertx vertx) throws Exception {
    String hint = " (write \"%s\" in quotes if you meant the word)";
    assertThat(problems(vertx, "c.yaml", "admin: { host: yes }\nevent-loops: on\nshutdown: { action: off }\ncluster: { name: on }\n"
        + "routes:\n  - name: web\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:7101\", On ]\n    balance: No\n"
        + "    connect-timeout: off\n    max-fails: yes\n    toxics:\n      - { name: YES, type: test-upcase }\n"
        + "  - name: false\n    listen: 127.0.0.1:7200\n    backends: [ \"127.0.0.1:7101\" ]\n").split("\n")).containsExactly(
      dir.resolve("c.yaml") + ": admin: field 'host': expected a string, got the boolean true" + hint.formatted("yes"),
      dir.resolve("c.yaml") + ": field 'event-loops': expected a whole number from 0 to 1024, got the boolean true",
      dir.resolve("c.yaml") + ": shutdown: field 'action': expected a string, got the boolean false" + hint.formatted("off"),
      dir.resolve("c.yaml") + ": cluster: field 'name': expected a string, got the boolean true" + hint.formatted("on"),
      dir.resolve("c.yaml") + ": route 'web': field 'backends[1]': expected " + Address.EXPECTED + ", got the boolean true"
        + hint.formatted("On"),
      dir.resolve("c.yaml") + ": route 'web': field 'balance': expected a string, got the boolean false" + hint.formatted("No"),
      dir.resolve("c.yaml") + ": route 'web': field 'connect-timeout': expected a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number"
        + " of milliseconds, got the boolean false" + hint.formatted("off"),
      dir.resolve("c.yaml") + ": route 'web': field 'max-fails': expected a whole number from 0 to 1000000, got the boolean true",
      dir.resolve("c.yaml") + ": route 'web': field 'toxics[0].name': expected a non-empty string, got the boolean true" + hint.formatted("YES"),
      dir.resolve("c.yaml") + ": routes[1]: field 'name': expected a string, got the boolean false" + hint.formatted("false"));
    // a policy's or a toxic's type and a toxic's stream take a word too; a policy's field that takes a number does not
    String route = dir.resolve("c.yaml") + ": route 'web': field ";
    assertThat(problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    policies:\n      - { type: on }\n      - { type: test-hold, delay-ms: on }\n"
        + "    toxics:\n      - { name: t, type: on, stream: no }\n").split("\n")).satisfiesExactly(
      p -> assertThat(p).startsWith(route + "'policies[0].type': expected a string, got the boolean true" + hint.formatted("on")
        + "; known policy types: "),
      p -> assertThat(p).isEqualTo(route + "'policies[1].delay-ms': policy 'test-hold': expected a whole number from 0 to 10000, got the boolean true"),
      p -> assertThat(p).startsWith(route + "'toxics[0] (toxic 't').type': expected a string, got the boolean true" + hint.formatted("on")
        + "; known toxic types: "),
      p -> assertThat(p).isEqualTo(route + "'toxics[0] (toxic 't').stream': expected upstream or downstream, got the boolean false" + hint.formatted("no")));
    // JSON has no such words: a boolean there is written as one, and told as before
    assertThat(problems(vertx, "c.json", "{ \"cluster\": { \"name\": true }, \"routes\": [ { \"name\": \"web\", \"listen\": \"127.0.0.1:7100\",\n"
        + "  \"backends\": [ \"127.0.0.1:7101\" ], \"balance\": false } ] }\n").split("\n")).containsExactly(
      dir.resolve("c.json") + ": cluster: field 'name': expected a string, got the boolean true",
      dir.resolve("c.json") + ": route 'web': field 'balance': expected a string, got the boolean false");
  }

  @Test
  void anInfiniteOrNotANumberValueIsRefusedWhereANumberIsWanted(Vertx vertx) throws Exception {
    hasLines(problems(vertx, "c.yaml", "admin: { port: .inf }\nevent-loops: -.inf\nroutes:\n" + GOOD_ROUTE
        + "    connect-timeout: .inf\n    fail-timeout: .nan\n    max-fails: .NaN\n    buffer-size: .inf\n"
        + "    policies:\n      - { type: test-hold, delay-ms: .inf }\n"),
      "c.yaml: admin: field 'port': must be from 0 to 65535, got Infinity",
      "c.yaml: field 'event-loops': must be from 0 to 1024, got -Infinity",
      "c.yaml: route 'web': field 'connect-timeout': must be at most 8760h (365 days), got Infinity",
      "c.yaml: route 'web': field 'buffer-size': must be from 4k to 64m, got Infinity",
      "c.yaml: route 'web': field 'max-fails': expected a whole number from 0 to 1000000, got NaN",
      "c.yaml: route 'web': field 'fail-timeout': expected a duration such as 500ms, 2s, 1.5s, 5m, 1h or a whole number of milliseconds, got NaN",
      "c.yaml: route 'web': field 'policies[0].delay-ms': policy 'test-hold': expected a whole number from 0 to 10000, got Infinity");
    // JSON has no such numbers: the file is not JSON, said without the reader's own settings and internals, at the
    // word's first character
    assertThat(problems(vertx, "c.json", "{ \"routes\": [ { \"name\": \"web\", \"listen\": \"127.0.0.1:7100\",\n"
        + "  \"backends\": [ \"127.0.0.1:7101\" ], \"connect-timeout\": Infinity } ] }\n"))
      .isEqualTo(dir.resolve("c.json") + ": not valid JSON: line 2, column 56: Non-standard token 'Infinity': JSON has no Infinity or NaN;"
        + " write a number");
    assertThat(problems(vertx, "c.json", "{ \"event-loops\":\n-Infinity, \"routes\": [] }\n"))
      .isEqualTo(dir.resolve("c.json") + ": not valid JSON: line 2, column 1: Non-standard token '-Infinity': JSON has no Infinity or NaN;"
        + " write a number");
    assertThat(problems(vertx, "c.json", "{ \"routes\": [], \"event-loops\": NaN }\n"))
      .startsWith(dir.resolve("c.json") + ": not valid JSON: line 1, column 32: Non-standard token 'NaN'");
  }

  /** A word the JSON reader does not know is pointed at by its first character, as a non-standard one is, wherever it ends. */
  @Test
  void anUnknownWordInJsonIsPointedAtByItsFirstCharacter(Vertx vertx) throws Exception {
    for (String word : new String[] {"Infinityx", "-Infinityx", "NaNa", "nulll"}) {
      assertThat(problems(vertx, "c.json", "{ \"routes\": [], \"event-loops\": " + word + " }\n")).as(word)
        .startsWith(dir.resolve("c.json") + ": not valid JSON: line 1, column 32: Unrecognized token '" + word + "'");
      assertThat(problems(vertx, "c.json", "{ \"routes\": [], \"event-loops\":\n" + word + "}")).as(word)
        .startsWith(dir.resolve("c.json") + ": not valid JSON: line 2, column 1: Unrecognized token '" + word + "'");
      assertThat(problems(vertx, "c.json", "{ \"routes\": [], \"event-loops\": " + word)).as(word + " at the end")
        .startsWith(dir.resolve("c.json") + ": not valid JSON: line 1, column 32: Unrecognized token '" + word + "'");
    }
  }

  @Test
  void aValueHoldingALineBreakIsShownEscapedOnItsProblemsLine(Vertx vertx) throws Exception {
    hasLines(problems(vertx, "c.yaml", "node-address: \"10.0.0.1\\n2\"\nadmin: { host: \"127.0.0.1\\n2\" }\n"
        + "cluster: { members: [ \"db\\n1:5701\" ] }\nroutes:\n"
        + "  - name: |\n      web\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:7101\", \"a\\tb:1\" ]\n"
        + "    balance: \"round\\nrobin\"\n    \"connect\\ntimeout\": 1s\n"),
      "c.yaml: admin: field 'host': expected a host name or IP address, got \"127.0.0.1\\n2\"",
      "c.yaml: cluster: field 'members[0]': expected a host name (letters, digits, '-', '_', '.'), an IPv4 address or *, got \"db\\n1:5701\"",
      "c.yaml: field 'node-address': expected a host or IP address without a port, got \"10.0.0.1\\n2\"",
      "c.yaml: route 'web\\n': field 'name': expected letters, digits, '_', '.', '-' (at most 64, starting with a letter or digit),"
        + " got \"web\\n\"",
      "c.yaml: route 'web\\n': field 'connect\\ntimeout': unknown field; did you mean 'connect-timeout'?",
      "c.yaml: route 'web\\n': field 'backends[1]': expected a host name (letters, digits, '-', '_', '.'), an IPv4 address or *,"
        + " got \"a\\tb:1\"",
      "c.yaml: route 'web\\n': field 'balance': expected round-robin or least-connections, got \"round\\nrobin\"");
  }

  /** A name the gateway keeps and shows (a toxic's, the cluster's) cannot hold a control character; route names hold none already. */
  @Test
  void aNameHoldingAControlCharacterIsRefusedAndShownEscaped(Vertx vertx) throws Exception {
    assertThat(problems(vertx, "c.yaml", "cluster: { name: \"gw\\tone\" }\nroutes:\n" + GOOD_ROUTE
        + "    toxics:\n      - { name: \"s\\nt\", type: test-upcase }\n      - { name: \"nul\\0\", type: test-upcase }\n"
        + "      - { name: \"del\\x7f\", type: test-upcase }\n"
        + "  - name: \"a\\u0001b\"\n    listen: 127.0.0.1:7200\n    backends: [ \"127.0.0.1:7101\" ]\n").split("\n")).containsExactly(
      dir.resolve("c.yaml") + ": cluster: field 'name': a name cannot hold a control character (line break, tab, NUL, …), got \"gw\\tone\"",
      dir.resolve("c.yaml") + ": route 'web': field 'toxics[0] (toxic 's\\nt').name': a name cannot hold a control character"
        + " (line break, tab, NUL, …), got \"s\\nt\"",
      dir.resolve("c.yaml") + ": route 'web': field 'toxics[1] (toxic 'nul\\u0000').name': a name cannot hold a control character"
        + " (line break, tab, NUL, …), got \"nul\\u0000\"",
      dir.resolve("c.yaml") + ": route 'web': field 'toxics[2] (toxic 'del\\u007f').name': a name cannot hold a control character"
        + " (line break, tab, NUL, …), got \"del\\u007f\"",
      dir.resolve("c.yaml") + ": route 'a\\u0001b': field 'name': expected letters, digits, '_', '.', '-' (at most 64, starting with a letter"
        + " or digit), got \"a\\u0001b\"");
    GatewayConfig c = valid(vertx, "cluster: { name: \"gw one, caf\u00e9\" }\nroutes:\n" + GOOD_ROUTE
      + "    toxics:\n      - { name: \"slow one \u20ac\", type: test-upcase }\n");
    assertThat(c.cluster().name()).isEqualTo("gw one, caf\u00e9");
    assertThat(ToxicSpecs.name(c.routes().get(0).toxics().get(0))).isEqualTo("slow one \u20ac");
  }

  /** A host ending in a line break (a YAML block scalar {@code |}) is read without it; run would not resolve it. */
  @Test
  void aHostWrittenAsABlockScalarIsReadWithoutItsLineBreak(Vertx vertx) throws Exception {
    GatewayConfig c = valid(vertx, "node-address: |\n  10.0.0.1\nadmin: { host: \"127.0.0.1\\n\" }\n"
      + "cluster: { host: \" 127.0.0.1\\n\" }\nroutes:\n" + GOOD_ROUTE);
    assertThat(c.nodeAddress()).isEqualTo("10.0.0.1");
    assertThat(c.admin().host()).isEqualTo("127.0.0.1");
    assertThat(c.cluster().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedWithTheOffsetOfItsFirstBadByte(Vertx vertx) throws Exception {
    byte[] latin1 = ("routes:\n" + GOOD_ROUTE + "# caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(problems(vertx, "c.yaml", latin1)).isEqualTo(dir.resolve("c.yaml")
      + ": not UTF-8: byte 0xE9 at offset " + (latin1.length - 2) + " (line 5) is not valid UTF-8; save the file as UTF-8");
    byte[] json = "{ \"routes\": [ { \"name\": \"caf\u00e9\" } ] }".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(problems(vertx, "c.json", json)).isEqualTo(dir.resolve("c.json")
      + ": not UTF-8: byte 0xE9 at offset 28 (line 1) is not valid UTF-8; save the file as UTF-8");
    byte[] utf16 = "routes: []\n".getBytes(StandardCharsets.UTF_16LE);
    byte[] withMark = new byte[utf16.length + 2];
    withMark[0] = (byte) 0xFF;
    withMark[1] = (byte) 0xFE;
    System.arraycopy(utf16, 0, withMark, 2, utf16.length);
    assertThat(problems(vertx, "c.yaml", withMark)).isEqualTo(dir.resolve("c.yaml")
      + ": not UTF-8: byte 0xFF at offset 0 (line 1) is not valid UTF-8 (the file starts with a UTF-16 byte order mark); save the file as UTF-8");
  }

  @Test
  void anUnknownFieldCloseToAKnownOneSuggestsIt(Vertx vertx) throws Exception {
    hasLines(problems(vertx, "c.yaml", "admin: { Port: 1 }\nshutdown: { drain_timeout: 1s }\nroutes:\n" + GOOD_ROUTE
        + "    listne: 127.0.0.1:1\n    connect_timeout: 1s\n    zzz: 1\n"
        + "    policies:\n      - { type: test-hold, delay_ms: 1 }\n"
        + "    toxics:\n      - { name: slow, type: test-upcase, toxicty: 1 }\n"),
      "c.yaml: admin: field 'Port': unknown field; did you mean 'port'? known fields here: enabled, host, port, token",
      "c.yaml: shutdown: field 'drain_timeout': unknown field; did you mean 'drain-timeout'? known fields here: action, drain-timeout",
      "c.yaml: route 'web': field 'connect_timeout': unknown field; did you mean 'connect-timeout'? known fields here:",
      "c.yaml: route 'web': field 'listne': unknown field; did you mean 'listen'? known fields here:",
      "c.yaml: route 'web': field 'zzz': unknown field; known fields here:",
      "c.yaml: route 'web': field 'policies[0].delay_ms': policy 'test-hold': unknown field 'delay_ms'; did you mean 'delay-ms'?"
        + " known fields: delay-ms",
      "c.yaml: route 'web': field 'toxics[0] (toxic 'slow').toxicty': unknown field 'toxicty'; did you mean 'toxicity'? known fields:");
  }

  @Test
  void aRouteWithoutAStringNameIsNamedByItsPosition(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE
      + "  - listen: 127.0.0.1:7200\n    backends: [ \"127.0.0.1:7101\" ]\n"
      + "  - name: 123\n    listen: 127.0.0.1:7300\n    backends: [ \"127.0.0.1:7101\" ]\n    balance: random\n");
    assertThat(m).contains("c.yaml: routes[1]: field 'name': missing")
      .contains("c.yaml: routes[2]: field 'name': expected a string, got 123")
      .contains("c.yaml: routes[2]: field 'balance': expected round-robin or least-connections")
      .doesNotContain("NullPointerException");
  }

  @Test
  void twoRoutesOnOneAddressAreRejected(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE
      + "  - name: api\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:7101\" ]\n");
    assertThat(m).contains("route 'api': field 'listen': 127.0.0.1:7100 is already used by route 'web'");
  }

  @Test
  void aWildcardAddressAndAnotherAddressOnItsPortAreRejected(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE
      + "  - name: all\n    listen: 0.0.0.0:7100\n    backends: [ \"127.0.0.1:7101\" ]\n");
    assertThat(m).contains("route 'all': field 'listen': 0.0.0.0:7100 is already used by route 'web'");
    m = problems(vertx, "c.yaml", "admin: { host: 0.0.0.0, port: 7100 }\nroutes:\n" + GOOD_ROUTE);
    assertThat(m).contains("route 'web': field 'listen': 127.0.0.1:7100 is already used by the admin API");
  }

  @Test
  void aBuiltinBackendOnATakenAddressIsNamedByItsPosition(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "admin: { port: 7100 }\nbuiltin-backends:\n"
      + "  - { type: echo }\n  - { type: echo, listen: \"127.0.0.1:7102\" }\n  - { type: discard, listen: \"127.0.0.1:7100\" }\n"
      + "routes:\n  - name: web\n    listen: 127.0.0.1:7102\n    backends: [ \"127.0.0.1:7101\" ]\n");
    hasLines(m, "c.yaml: builtin-backends[0]: field 'listen': missing",
      "c.yaml: builtin-backends[2]: field 'listen': 127.0.0.1:7100 is already used by the admin API",
      "c.yaml: route 'web': field 'listen': 127.0.0.1:7102 is already used by builtin echo backend (builtin-backends[1])");
  }

  @Test
  void routesWhoseBackendsLeadBackToThemAreRejected(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - { name: self, listen: \"127.0.0.1:7100\", backends: [ \"localhost:7100\" ] }\n");
    assertThat(m).contains("route 'self': field 'backends': its connections would come back to this gateway without end: self -> self");
    m = problems(vertx, "c.yaml", "routes:\n"
      + "  - { name: front, listen: \"0.0.0.0:7100\", backends: [ \"127.0.0.1:7101\" ] }\n"
      + "  - { name: back, listen: \"127.0.0.1:7101\", backends: [ \"127.0.0.1:9\", \"127.0.0.2:7100\" ] }\n");
    assertThat(m).contains("route 'front': field 'backends': its connections would come back to this gateway without end: front -> back -> front")
      .contains("route 'back': field 'backends': its connections would come back to this gateway without end: back -> front -> back");
  }

  @Test
  void aRouteWithABadFieldIsStillCheckedAgainstTheOtherRoutes(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE
      + "  - name: api\n    listen: 127.0.0.1:7100\n    backends: [ \"127.0.0.1:7101\" ]\n    connect-timeout: soon\n"
      + "  - name: self\n    listen: 127.0.0.1:7102\n    backends: [ \"127.0.0.1:7102\" ]\n    balance: random\n");
    hasLines(m, "c.yaml: route 'api': field 'connect-timeout': expected a duration",
      "c.yaml: route 'self': field 'balance': expected round-robin or least-connections",
      "c.yaml: route 'api': field 'listen': 127.0.0.1:7100 is already used by route 'web'",
      "c.yaml: route 'self': field 'backends': its connections would come back to this gateway without end: self -> self");
  }

  @Test
  void aRouteMayLeadToAnotherRoute(Vertx vertx) throws Exception {
    GatewayConfig c = valid(vertx, "routes:\n"
      + "  - { name: front, listen: \"0.0.0.0:7100\", backends: [ \"127.0.0.1:7101\" ] }\n"
      + "  - { name: back, listen: \"127.0.0.1:7101\", backends: [ \"127.0.0.1:7102\" ] }\n");
    assertThat(c.routes()).extracting(RouteConfig::name).containsExactly("front", "back");
  }

  @Test
  void failureMarkingSettingsAreChecked(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    max-fails: -1\n    fail-timeout: soon\n");
    assertThat(m).contains("route 'web': field 'max-fails': must be from 0 to 1000000, got -1")
      .contains("route 'web': field 'fail-timeout'");
    RouteConfig r = valid(vertx, "routes:\n" + GOOD_ROUTE).routes().get(0);
    assertThat(r.maxFails()).isEqualTo(1);
    assertThat(r.failTimeoutMillis()).isEqualTo(10_000);
  }

  @Test
  void emptyBackendsAreRejected(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: 127.0.0.1:7100\n    backends: []\n");
    assertThat(m).contains("route 'web': field 'backends': empty; a route needs at least one backend");
  }

  @Test
  void badDurationSaysWhatIsValid(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    connect-timeout: 5 minutes\n");
    assertThat(m).contains("route 'web': field 'connect-timeout': expected a duration such as 500ms, 2s");
  }

  @Test
  void numbersTooLargeForTheirFieldAreRefusedWithTheirBound(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    buffer-size: 18014398509482048k\n"
      + "    connect-timeout: 10000000000000000\n    fail-timeout: \"99999999999999999999\"\n    max-fails: 18446744073709551617\n"
      + "shutdown: { drain-timeout: 3000000h }\nreload: { scan-period: 99999999999999999999 }\n");
    assertThat(m).contains("c.yaml: route 'web': field 'buffer-size': must be from 4k to 64m, got \"18014398509482048k\"")
      .contains("c.yaml: route 'web': field 'connect-timeout': must be at most 8760h (365 days), got 10000000000000000")
      .contains("c.yaml: route 'web': field 'fail-timeout': must be at most 8760h (365 days), got \"99999999999999999999\"")
      .contains("c.yaml: route 'web': field 'max-fails': must be from 0 to 1000000, got 18446744073709551617")
      .contains("c.yaml: shutdown: field 'drain-timeout': must be at most 8760h (365 days), got \"3000000h\"")
      .contains("c.yaml: reload: field 'scan-period': must be at most 8760h (365 days), got 99999999999999999999")
      .doesNotContain("overflow").doesNotContain("For input string");
    assertThat(valid(vertx, "routes:\n" + GOOD_ROUTE + "    connect-timeout: 8760h\n").routes().get(0).connectTimeoutMillis())
      .isEqualTo(8760L * 3_600_000);
  }

  @Test
  void unknownPolicyTypeListsTheKnownOnes(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    policies:\n      - { type: no-such-policy }\n");
    assertThat(m).contains("route 'web': field 'policies[0].type': unknown policy type 'no-such-policy'; known policy types:");
  }

  @Test
  void aPolicyListedAsAToxicIsToldWhereItGoes(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    toxics:\n      - { type: test-gate }\n");
    assertThat(m).startsWith(dir.resolve("c.yaml") + ": route 'web': field 'toxics[0].type': 'test-gate' is a policy, not a toxic;"
      + " known toxic types:").doesNotContain("\n");
  }

  @Test
  void badBalanceAndCloseActionSayWhatIsValid(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    balance: random\n    connect-failure: close\n");
    assertThat(m).contains("field 'balance': expected round-robin or least-connections, got \"random\"");
    assertThat(m).contains("field 'connect-failure': expected fin or rst, got \"close\"");
  }

  @Test
  void everyProblemIsReportedAtOnce(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n  - name: a\n    listen: nope\n    backends: []\n  - name: b\n    listen: 127.0.0.1:1\n");
    assertThat(m.split("\n")).hasSizeGreaterThanOrEqualTo(3);
  }

  /** Asserts that {@code m} has one line per text given, each line containing its text. */
  private static void hasLines(String m, String... texts) {
    assertThat(m.split("\n")).as(m).hasSize(texts.length);
    for (int i = 0; i < texts.length; i++) {
      assertThat(m.split("\n")[i]).contains(texts[i]);
    }
  }

  @Test
  void aPortWrittenWithASignIsNamedWithTheRoutesOtherProblems(Vertx vertx) throws Exception {
    // the schema refuses it too; tcpgate's own check names it (once), in the order the route's fields are read
    hasLines(problems(vertx, "c.yaml", "routes:\n  - name: web\n    listen: \"127.0.0.1:+7100\"\n"
        + "    backends: [ \"127.0.0.1:7101\" ]\n    balance: random\n"),
      "c.yaml: route 'web': field 'listen': port must be a number from 0 to 65535, got \"+7100\" in \"127.0.0.1:+7100\"",
      "c.yaml: route 'web': field 'balance': expected round-robin or least-connections, got \"random\"");
  }

  @Test
  void aFieldTheSchemaAndTheChecksBothRejectIsReportedOnce(Vertx vertx) throws Exception {
    hasLines(problems(vertx, "c.yaml", "admn: {}\nroutes:\n  - name: web\n    listen: 127.0.0.1:7100\n    backends: []\n"
        + "    connect-timeout: soon\n    policies: [ { timeout: 1s } ]\n  - 7\n"),
      "c.yaml: field 'admn': unknown field",
      "c.yaml: route 'web': field 'backends': empty",
      "c.yaml: route 'web': field 'connect-timeout': expected a duration",
      "c.yaml: route 'web': field 'policies[0].type': missing",
      "c.yaml: routes[1]: expected a route object");
  }

  @Test
  void anUnknownFieldWhoseNameIsNotAPlainWordIsReportedOnceAsWritten(Vertx vertx) throws Exception {
    hasLines(problems(vertx, "c.yaml", "\"con nect\": 1\n\"7\": 1\nroutes:\n" + GOOD_ROUTE
        + "    \"connect timeout\": 1s\n    \"a/b~c\": 1\n    \"délai\": 1\n"),
      "c.yaml: field '7': unknown field",
      "c.yaml: field 'con nect': unknown field",
      "c.yaml: route 'web': field 'a/b~c': unknown field",
      "c.yaml: route 'web': field 'connect timeout': unknown field",
      "c.yaml: route 'web': field 'délai': unknown field");
  }

  @Test
  void environmentOverridesTheFileAndIsNamedWhenBad(Vertx vertx) throws Exception {
    ConfigLoader loader = new ConfigLoader(PolicyRegistry.load(), Map.of("TCPGATE_ADMIN_PORT", "9000"), new Properties());
    JsonObject doc = new JsonObject().put("routes", new JsonArray());
    assertThat(loader.parse(doc, "x.yaml").admin().port()).isEqualTo(9000);
    Properties sys = new Properties();
    sys.setProperty("tcpgate.admin.port", "9001");
    assertThat(new ConfigLoader(PolicyRegistry.load(), Map.of("TCPGATE_ADMIN_PORT", "9000"), sys).parse(doc, "x.yaml").admin().port()).isEqualTo(9001);
    assertThatThrownBy(() -> new ConfigLoader(PolicyRegistry.load(), Map.of("TCPGATE_ADMIN_PORT", "high"), new Properties()).parse(doc, "x.yaml"))
      .hasMessageContaining("environment variable TCPGATE_ADMIN_PORT: expected a whole number, got \"high\"");
  }

  /**
   * An empty cluster name names no cluster (members with another name never join), and one of only spaces
   * shows as none in a log line: each is refused, not kept.
   */
  @Test
  void anEmptyOrBlankClusterNameIsNamed(Vertx vertx) throws Exception {
    assertThat(problems(vertx, "c.yaml", "cluster: { name: \"\" }\nroutes:\n" + GOOD_ROUTE))
      .isEqualTo(dir.resolve("c.yaml") + ": cluster: field 'name': expected a name, got an empty value");
    assertThat(problems(vertx, "c.yaml", "cluster: { name: \"   \" }\nroutes:\n" + GOOD_ROUTE))
      .isEqualTo(dir.resolve("c.yaml") + ": cluster: field 'name': expected a name, got only spaces \"   \"");
    JsonObject doc = new JsonObject().put("routes", new JsonArray());
    assertThatThrownBy(() -> new ConfigLoader(PolicyRegistry.load(), Map.of("TCPGATE_CLUSTER_NAME", ""), new Properties()).parse(doc, "x.yaml"))
      .hasMessage("environment variable TCPGATE_CLUSTER_NAME: field 'cluster.name': expected a name, got an empty value");
    assertThatThrownBy(() -> new ConfigLoader(PolicyRegistry.load(), Map.of("TCPGATE_CLUSTER_NAME", " \u3000 "), new Properties()).parse(doc, "x.yaml"))
      .hasMessage("environment variable TCPGATE_CLUSTER_NAME: field 'cluster.name': expected a name, got only spaces \" \u3000 \"");
    assertThat(valid(vertx, "cluster: { name: \" gw one \" }\nroutes:\n" + GOOD_ROUTE).cluster().name()).isEqualTo(" gw one ");
  }

  @Test
  void anEmptyHostIsNamed(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "admin: { host: \"\" }\ncluster: { host: \" \" }\nroutes:\n" + GOOD_ROUTE);
    assertThat(m).contains("c.yaml: admin: field 'host': expected a host name or IP address, got an empty value")
      .contains("c.yaml: cluster: field 'host': expected a host name or IP address, got an empty value");
    JsonObject doc = new JsonObject().put("routes", new JsonArray());
    assertThatThrownBy(() -> new ConfigLoader(PolicyRegistry.load(), Map.of("TCPGATE_ADMIN_HOST", ""), new Properties()).parse(doc, "x.yaml"))
      .hasMessageContaining("environment variable TCPGATE_ADMIN_HOST: field 'admin.host': expected a host name or IP address, got an empty value");
  }

  @Test
  void aKeyWrittenTwiceInYamlIsNamedWithItsLines(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    listen: 127.0.0.1:7200\n"
      + "    policies:\n      - { type: test-hold, delay-ms: 1, delay-ms: 2 }\nroutes: []\n");
    assertThat(m).contains("c.yaml: route 'web': field 'listen': written twice (lines 3 and 5); write each key once")
      .contains("c.yaml: route 'web': field 'policies[0].delay-ms': written twice (line 7)")
      .contains("c.yaml: field 'routes': written twice (lines 1 and 8)");
  }

  @Test
  void aKeyWrittenTwiceInJsonIsNamedWithItsLines(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.json", "{ \"routes\": [\n  { \"name\": \"web\", \"listen\": \"127.0.0.1:7100\",\n"
      + "    \"backends\": [\"127.0.0.1:7101\"], \"listen\": \"127.0.0.1:7200\" } ],\n \"admin\": { \"port\": 1 },\n \"admin\": {} }\n");
    assertThat(m).contains("c.json: route 'web': field 'listen': written twice (lines 2 and 3)")
      .contains("c.json: field 'admin': written twice (lines 4 and 5)");
  }

  @Test
  void aKeyWrittenTwiceIsListedWithTheFilesOtherProblems(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    balance: nope\n    connect-timeout: 1s\n    connect-timeout: 2s\n");
    assertThat(m).contains("c.yaml: route 'web': field 'connect-timeout': written twice (lines 6 and 7)")
      .contains("c.yaml: route 'web': field 'balance':");
    String j = problems(vertx, "c.json", "{ \"routes\": [ { \"name\": \"web\", \"listen\": \"nowhere\",\n"
      + "  \"backends\": [\"127.0.0.1:7101\"], \"balance\": \"a\", \"balance\": \"b\" } ] }\n");
    assertThat(j).contains("c.json: route 'web': field 'balance': written twice (line 2)")
      .contains("c.json: route 'web': field 'listen':")
      .contains("c.json: route 'web': field 'balance': expected");
  }

  @Test
  void aPolicyTypeListedTwiceOnARouteIsNamed(Vertx vertx) throws Exception {
    String m = problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE
      + "    policies:\n      - { type: test-hold, delay-ms: 1 }\n      - { type: test-gate }\n      - { type: test-hold, delay-ms: 2 }\n");
    assertThat(m).contains("c.yaml: route 'web': field 'policies[2].type': 'test-hold' is already policies[0]; list each policy type once");
  }

  @Test
  void anOverrideOutOfRangeIsNamedByWhereItCameFrom(Vertx vertx) throws Exception {
    JsonObject doc = new JsonObject().put("admin", new JsonObject().put("port", 8474)).put("routes", new JsonArray());
    assertThatThrownBy(() -> new ConfigLoader(PolicyRegistry.load(), Map.of("TCPGATE_ADMIN_PORT", "99999",
        "TCPGATE_RELOAD_SCAN_PERIOD", "forever"), new Properties()).parse(doc, "ok.yaml"))
      .hasMessageContaining("environment variable TCPGATE_ADMIN_PORT: field 'admin.port': must be from 0 to 65535, got 99999")
      .hasMessageContaining("environment variable TCPGATE_RELOAD_SCAN_PERIOD: field 'reload.scan-period': expected a duration")
      .hasMessageNotContaining("ok.yaml");
    Properties sys = new Properties();
    sys.setProperty("tcpgate.admin.port", "70000");
    sys.setProperty("tcpgate.cluster.members", "a:1,nowhere");
    assertThatThrownBy(() -> new ConfigLoader(PolicyRegistry.load(), Map.of(), sys).parse(doc, "ok.yaml"))
      .hasMessageContaining("system property tcpgate.admin.port: field 'admin.port': must be from 0 to 65535, got 70000")
      .hasMessageContaining("system property tcpgate.cluster.members: field 'cluster.members[1]': expected host:port")
      .hasMessageNotContaining("ok.yaml");
  }

  @Test
  void durationsAndSizesParse() {
    assertThat(Durations.parseMillis("1.5s")).isEqualTo(1500);
    assertThat(Durations.parseMillis("5m")).isEqualTo(300_000);
    assertThat(Durations.parseMillis(250)).isEqualTo(250);
    assertThat(Sizes.parseBytes("64k")).isEqualTo(65536);
    assertThat(Sizes.parseBytes("1m")).isEqualTo(1 << 20);
    assertThatThrownBy(() -> Sizes.parseBytes("8589934592g")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
    assertThatThrownBy(() -> Durations.parseMicros(Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 8760h");
  }

  @Test
  void aMillisecondFieldRoundsAFractionUpAsReadmeSays(Vertx vertx) throws Exception {
    assertThat(Durations.parseMillis("500us")).isEqualTo(1);
    assertThat(Durations.parseMillis("0.5ms")).isEqualTo(1);
    assertThat(Durations.parseMillis("1.2ms")).isEqualTo(2);
    RouteConfig r = valid(vertx, "routes:\n" + GOOD_ROUTE + "    connect-timeout: 999us\n    fail-timeout: 1.5ms\n").routes().get(0);
    assertThat(r.connectTimeoutMillis()).isEqualTo(1);
    assertThat(r.failTimeoutMillis()).isEqualTo(2);
    assertThat(problems(vertx, "c.yaml", "routes:\n" + GOOD_ROUTE + "    connect-timeout: 0us\n"))
      .contains("route 'web': field 'connect-timeout': must be at least 1ms, got \"0us\"");
  }
}
