package io.tcpgate.core.config;

import io.vertx.config.spi.utils.Processors;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a config file with vertx-config (YAML for {@code .yaml}/{@code .yml}, JSON for {@code .json}),
 * applies overrides from the environment and system properties, and validates the result.
 *
 * <p>Overrides, for settings that differ per node (a compose service, a host): environment variables
 * {@code TCPGATE_ADMIN_HOST}, {@code TCPGATE_ADMIN_PORT}, {@code TCPGATE_EVENT_LOOPS},
 * {@code TCPGATE_NATIVE_TRANSPORT}, {@code TCPGATE_NODE_ADDRESS}, {@code TCPGATE_RELOAD_SCAN_PERIOD},
 * {@code TCPGATE_CLUSTER_ENABLED}, {@code TCPGATE_CLUSTER_NAME}, {@code TCPGATE_CLUSTER_MEMBERS} (comma-separated
 * host:port), {@code TCPGATE_CLUSTER_HOST}, {@code TCPGATE_CLUSTER_PUBLIC_ADDRESS}, {@code TCPGATE_CLUSTER_PORT},
 * {@code TCPGATE_CLUSTER_JOIN_TIMEOUT},
 * and system properties of the same names in dotted lower case
 * ({@code tcpgate.admin.port}); a system property wins over the environment, both win over the file.
 */
public final class ConfigLoader {
  /** Environment variable that names the config file when none is given on the command line. */
  public static final String CONFIG_ENV = "TCPGATE_CONFIG";

  private static final String[][] OVERRIDES = {
    {"admin.host", "string"}, {"admin.port", "int"}, {"admin.enabled", "bool"}, {"admin.token", "string"},
    {"event-loops", "int"}, {"native-transport", "bool"}, {"node-address", "string"}, {"reload.scan-period", "string"},
    {"cluster.enabled", "bool"}, {"cluster.name", "string"}, {"cluster.members", "list"}, {"cluster.host", "string"},
    {"cluster.public-address", "string"}, {"cluster.port", "int"}, {"cluster.join-timeout", "string"},
  };

  /** Every environment variable tcpgate reads: the config path and the overrides. */
  public static List<String> environmentVariables() {
    List<String> names = new ArrayList<>();
    names.add(CONFIG_ENV);
    for (String[] o : OVERRIDES) {
      names.add(envName(o[0]));
    }
    return names;
  }

  private static String envName(String path) {
    return "TCPGATE_" + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private final PolicyRegistry policies;
  private final Map<String, String> env;
  private final Properties sys;

  public ConfigLoader(PolicyRegistry policies, Map<String, String> env, Properties sys) {
    this.policies = policies;
    this.env = env;
    this.sys = sys;
  }

  public ConfigLoader(PolicyRegistry policies) {
    this(policies, System.getenv(), System.getProperties());
  }

  /**
   * Reads, overrides and validates {@code file}; the future fails with a {@link ConfigException} listing
   * every problem: keys written twice and those of the document as read (which holds the last of each).
   */
  public Future<GatewayConfig> load(Vertx vertx, Path file) {
    return readText(vertx, file).compose(read -> {
      List<String> problems = new ArrayList<>(read.writtenTwice());
      GatewayConfig config = null;
      try {
        config = parse(read.doc(), file.toString(), read.booleanWords());
      } catch (ConfigException e) {
        problems.addAll(e.problems());
      }
      return problems.isEmpty() ? Future.succeededFuture(config) : Future.failedFuture(new ConfigException(problems));
    });
  }

  /**
   * A document as read, with a problem for each key written twice in one object of its text.
   *
   * @param booleanWords by JSON pointer, the word a YAML text wrote where it was read as a boolean ({@code on})
   */
  private record Read(JsonObject doc, List<String> writtenTwice, Map<String, String> booleanWords) {
  }

  /** Reads {@code file} into a document, without validating it. */
  private static Future<Read> readText(Vertx vertx, Path file) {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      return Future.failedFuture(new ConfigException(name + ": cannot read the config file: "
        + (Files.exists(file) ? "not a regular file" : "no such file")));
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String format;
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      format = "yaml";
    } else if (lower.endsWith(".json")) {
      format = "json";
    } else {
      return Future.failedFuture(new ConfigException(name + ": unknown config format; name the file *.yaml, *.yml or *.json"));
    }
    return vertx.fileSystem().readFile(name).transform(bytes -> {
      if (bytes.failed()) {
        return Future.failedFuture(new ConfigException(name + ": cannot read the config file: " + rootMessage(bytes.cause())));
      }
      String notUtf8 = notUtf8(bytes.result().getBytes());
      return notUtf8 == null ? readUtf8(vertx, file, format, bytes.result())
        : Future.failedFuture(new ConfigException(name + notUtf8));
    });
  }

  /**
   * Why {@code bytes} are not UTF-8 text, after the file name, naming the first byte that is not and where
   * it is (from 0, and its line), or null when they are.
   */
  private static String notUtf8(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length), true);
    if (!result.isError()) {
      return null;
    }
    int offset = in.position();
    int line = 1;
    for (int i = 0; i < offset; i++) {
      line += bytes[i] == '\n' ? 1 : 0;
    }
    boolean utf16 = bytes.length >= 2 && (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE || bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF);
    return String.format(": not UTF-8: byte 0x%02X at offset %d (line %d) is not valid UTF-8%s; save the file as UTF-8",
      bytes[offset] & 0xff, offset, line, utf16 ? " (the file starts with a UTF-16 byte order mark)" : "");
  }

  /**
   * Reads {@code file}, whose {@code bytes} were read (UTF-8 in {@code format}), into a document, without validating
   * it. The file is read once: vertx-config's reader of the format reads the document from these bytes, as its
   * file store would, and every other check reads their text.
   */
  private static Future<Read> readUtf8(Vertx vertx, Path file, String format, Buffer bytes) {
    String name = file.toString();
    String text = bytes.toString(StandardCharsets.UTF_8);
    if (holdsNothing(text)) {
      // vertx-config reads a file of no bytes as {}, which would be told that routes are missing
      return Future.failedFuture(new ConfigException(name + EMPTY));
    }
    Plain plain = format.equals("yaml") ? plain(text, name) : null;
    boolean readAsPlain = plain != null && plain.doc() != null;
    return Processors.get(format).process(vertx, new JsonObject(), bytes)
      // vertx-config's YAML reader reads a text of only null ({@code ~}) as no document: told what it is, as a list is
      .compose(doc -> doc == null ? Future.failedFuture("not an object") : Future.succeededFuture(doc))
      // vertx-config's YAML reader fails on an object with a null key ({@code ~: 1}); read as plain, it is a
      // document whose problems are listed with the others
      .recover(e -> readAsPlain ? Future.succeededFuture(plain.doc()) : Future.failedFuture(new ConfigException(name + whyUnread(text, format, e))))
      .map(doc -> {
        List<String> problems = writtenTwice(text, format, name);
        if (!readAsPlain) {
          return new Read(doc, problems, Map.of());
        }
        problems.addAll(plain.problems());
        return new Read(plain.doc(), problems, plain.booleanWords());
      });
  }

  /**
   * A YAML text as a document of JSON values, each as written: YAML 1.1 reads {@code 2024-01-01} as a date,
   * which a JSON document cannot hold (vertx-config's reader leaves a date inside a list as it is, and
   * then the document cannot be copied), where YAML 1.2 and JSON read text. A {@code !!set} is a list.
   *
   * @param doc null when the text is not an object (then there are no problems)
   * @param problems a problem for each object with a null key ({@code ~: 1}), which no field can be
   * @param booleanWords by JSON pointer ({@code /routes/0/balance}), the word written where YAML 1.1 read a
   *     boolean ({@code on}, {@code yes}, {@code false}): a field that wants text is told to quote it
   */
  private record Plain(JsonObject doc, List<String> problems, Map<String, String> booleanWords) {
  }

  /** The text read as {@link Plain}, or null when it is not valid YAML. */
  private static Plain plain(String text, String name) {
    Object top;
    try {
      LoaderOptions options = new LoaderOptions();
      DumperOptions dumper = new DumperOptions();
      top = new Yaml(new BooleansAsWritten(options), new Representer(dumper), dumper, options, new TimestampsAsText()).load(text);
    } catch (RuntimeException e) {
      return null;
    }
    if (!(top instanceof Map)) {
      return new Plain(null, List.of(), Map.of());
    }
    List<String> nullKeys = new ArrayList<>();
    Map<String, String> booleanWords = new HashMap<>();
    JsonObject doc = (JsonObject) jsonValue(top, "", nullKeys, booleanWords);
    JsonArray routes = doc.getValue("routes") instanceof JsonArray ? doc.getJsonArray("routes") : new JsonArray();
    List<String> problems = new ArrayList<>();
    for (String pointer : nullKeys) {
      problems.add(name + ": " + ConfigSchema.where(pointer, index -> index < routes.size() && routes.getValue(index) instanceof JsonObject
        ? ((JsonObject) routes.getValue(index)).getValue("name") : null)
        + "a key is null (~, null or nothing before the colon); write each key as a name");
    }
    return new Plain(doc, problems, booleanWords);
  }

  /**
   * {@code value} as a JSON value; {@code pointer} is where it is, each object with a null key adds its pointer
   * to {@code nullKeys}, and each boolean its pointer and word to {@code booleanWords}.
   */
  private static Object jsonValue(Object value, String pointer, List<String> nullKeys, Map<String, String> booleanWords) {
    if (value instanceof Map) {
      JsonObject o = new JsonObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (e.getKey() == null) {
          nullKeys.add(pointer);
          continue;
        }
        String key = String.valueOf(e.getKey());
        o.put(key, jsonValue(e.getValue(), pointer + "/" + key, nullKeys, booleanWords));
      }
      return o;
    }
    if (value instanceof Collection || value instanceof Object[]) {
      JsonArray a = new JsonArray();
      for (Object item : value instanceof Object[] ? List.of((Object[]) value) : (Collection<?>) value) {
        a.add(jsonValue(item, pointer + "/" + a.size(), nullKeys, booleanWords));
      }
      return a;
    }
    if (value instanceof Date) {
      return ((Date) value).toInstant().toString(); // only with an explicit !!timestamp tag
    }
    if (value instanceof WrittenBoolean) {
      booleanWords.put(pointer, ((WrittenBoolean) value).word());
      return ((WrittenBoolean) value).value();
    }
    return value;
  }

  /**
   * A boolean with the word written for it ({@code on}, {@code yes}, {@code False}). It equals the boolean
   * of the other words of its value and shows as it does, so that as a key it is what the boolean would be.
   */
  private record WrittenBoolean(Boolean value, String word) {
    @Override
    public boolean equals(Object o) {
      return o instanceof WrittenBoolean && ((WrittenBoolean) o).value.equals(value);
    }

    @Override
    public int hashCode() {
      return value.hashCode();
    }

    @Override
    public String toString() {
      return value.toString();
    }
  }

  /** Constructs each boolean as a {@link WrittenBoolean}, keeping the word written for it. */
  private static final class BooleansAsWritten extends SafeConstructor {
    BooleansAsWritten(LoaderOptions options) {
      super(options);
      ConstructYamlBool asBoolean = new ConstructYamlBool();
      yamlConstructors.put(Tag.BOOL, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          return new WrittenBoolean((Boolean) asBoolean.construct(node), ((ScalarNode) node).getValue());
        }
      });
    }
  }

  /** Resolves what YAML 1.1 reads as a timestamp ({@code 2024-01-01}) as text, as YAML 1.2 does. */
  private static final class TimestampsAsText extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
      Tag tag = super.resolve(kind, value, implicit);
      return Tag.TIMESTAMP.equals(tag) ? Tag.STR : tag;
    }
  }

  /** A problem for each key written twice in one object of {@code text} (the reader kept the last one). */
  private static List<String> writtenTwice(String text, String format, String name) {
    List<String> out = new ArrayList<>();
    try {
      for (DuplicateKeys.Found f : DuplicateKeys.in(text, format)) {
        out.add(name + ": " + ConfigSchema.where(f.pointer(), index -> f.routeName()) + "written twice ("
          + (f.firstLine() == f.line() ? "line " + f.line() : "lines " + f.firstLine() + " and " + f.line()) + "); write each key once");
      }
    } catch (RuntimeException e) {
      out.add(name + ": not valid " + format.toUpperCase(Locale.ROOT) + ": " + rootMessage(e));
    }
    return out;
  }

  /** What a file of only blank lines and comments is told, after its name. */
  private static final String EMPTY = ": empty: it holds no configuration (a gateway without routes: routes: [])";

  /** Why vertx-config's reader could not read {@code text}, after the file name. */
  private static String whyUnread(String text, String format, Throwable e) {
    if (holdsNothing(text)) {
      return EMPTY;
    }
    String top = notAnObject(text, format);
    if (top != null) {
      return ": expected an object with routes (and admin, shutdown, …) at the top, got " + top;
    }
    return ": not valid " + format.toUpperCase(Locale.ROOT) + ": " + (format.equals("json") ? jsonReaderMessage(rootMessage(e), text) : rootMessage(e));
  }

  /** Where the JSON reader's message says it stopped: {@code at [Source: …; line: 2, column: 56]} at its end. */
  private static final Pattern JSON_READER_AT = Pattern.compile("\\s*at \\[Source: .*; line: (\\d+), column: (\\d+)]$");

  /**
   * The word the JSON reader's message names as a token it stopped at: a non-standard one ({@code Infinity},
   * {@code -Infinity}, {@code +Infinity}, {@code NaN}), or one it does not know ({@code Infinityx},
   * {@code nulll}). The reader says where it stopped: just after a non-standard word, after the character after
   * an unknown one (or at the end of the text).
   */
  private static final Pattern TOKEN = Pattern.compile("^(?:Non-standard|Unrecognized) token '([^']+)'");

  /**
   * The JSON reader's {@code message} about {@code text} as its user reads it: the line and column first (of a
   * token's first character, where the reader gives the column after it), without the reader's own settings (it
   * offers to allow Infinity and NaN, which no JSON number is). The column counts characters as an editor
   * does (a code point each), where the reader counts UTF-8 bytes.
   */
  private static String jsonReaderMessage(String message, String text) {
    Matcher at = JSON_READER_AT.matcher(message);
    if (!at.find()) {
      return jsonReaderWords(message);
    }
    String what = message.substring(0, at.start());
    int lineNumber = Integer.parseInt(at.group(1));
    String line = text.lines().skip(lineNumber - 1L).findFirst().orElse("");
    int index = charIndexOfByte(line, Integer.parseInt(at.group(2)) - 1);
    Matcher token = TOKEN.matcher(what);
    int tokenStart = token.find() ? line.lastIndexOf(token.group(1), index - token.group(1).length()) : -1;
    if (tokenStart >= 0) {
      index = tokenStart;
    }
    int within = Math.min(index, line.length());
    return "line " + lineNumber + ", column " + (line.codePointCount(0, within) + index - within + 1) + ": " + jsonReaderWords(what);
  }

  /**
   * The index in {@code line} of the character at its UTF-8 byte {@code offset} (from 0); past the line's end
   * (where the reader stops at the end of the text), one more for each byte.
   */
  private static int charIndexOfByte(String line, int offset) {
    int bytes = 0;
    int i = 0;
    while (i < line.length() && bytes < offset) {
      int c = line.codePointAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      i += Character.charCount(c);
    }
    return i + Math.max(0, offset - bytes);
  }

  /** The JSON reader's {@code what} without the reader's own settings. */
  private static String jsonReaderWords(String what) {
    return what.replace(": enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow", ": JSON has no Infinity or NaN; write a number");
  }

  /** What the top of a config text holds when it reads as something else than an object ("a list", "\"word\""), else null. */
  private static String notAnObject(String text, String format) {
    Object top;
    try {
      top = format.equals("json") ? Json.decodeValue(text) : new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    } catch (RuntimeException e) {
      return null;
    }
    if (top == null) {
      return "null";
    }
    if (top instanceof Map || top instanceof JsonObject) {
      return null;
    }
    return top instanceof List || top instanceof JsonArray ? "a list" : FieldReader.describe(top);
  }

  /** Whether a config text is only blank lines and comments. */
  private static boolean holdsNothing(String text) {
    return text.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
  }

  /** Applies overrides to {@code doc} and validates it. */
  public GatewayConfig parse(JsonObject doc, String source) throws ConfigException {
    return parse(doc, source, Map.of());
  }

  /**
   * Applies overrides to {@code doc} and validates it; {@code booleanWords} by JSON pointer, the word a YAML
   * file wrote where it was read as a boolean ({@code on}).
   */
  private GatewayConfig parse(JsonObject doc, String source, Map<String, String> booleanWords) throws ConfigException {
    JsonObject merged = doc.copy();
    Map<String, String> origins = new HashMap<>();
    for (String[] o : OVERRIDES) {
      String path = o[0];
      String envName = envName(path);
      String sysName = "tcpgate." + path;
      String value = sys.getProperty(sysName, env.get(envName));
      if (value == null) {
        continue;
      }
      String origin = sys.getProperty(sysName) != null ? "system property " + sysName : "environment variable " + envName;
      Object typed = convert(value, o[1], origin);
      origins.put(path, origin);
      String[] parts = path.split("\\.");
      JsonObject target = merged;
      for (int i = 0; i < parts.length - 1; i++) {
        Object child = target.getValue(parts[i]);
        if (!(child instanceof JsonObject)) {
          child = new JsonObject();
          target.put(parts[i], child);
        }
        target = (JsonObject) child;
      }
      target.put(parts[parts.length - 1], typed);
    }
    return new ConfigParser(policies, source, origins, booleanWords).parse(merged);
  }

  private static Object convert(String value, String type, String origin) throws ConfigException {
    switch (type) {
      case "int":
        try {
          return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
          throw new ConfigException(origin + ": expected a whole number, got \"" + value + "\"");
        }
      case "bool":
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
          return Boolean.parseBoolean(value);
        }
        throw new ConfigException(origin + ": expected true or false, got \"" + value + "\"");
      case "list":
        JsonArray list = new JsonArray();
        for (String part : value.split(",")) {
          if (!part.isBlank()) {
            list.add(part.trim());
          }
        }
        return list;
      default:
        return value;
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = rootCause(e);
    String m = t.getMessage();
    return m == null ? t.toString() : m.replace('\n', ' ').replaceAll("\\s+", " ").trim();
  }

  /** The cause at the bottom of {@code e}'s chain ({@code e} when it has none). */
  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
