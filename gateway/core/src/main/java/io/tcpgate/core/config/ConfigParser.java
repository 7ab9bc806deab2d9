package io.tcpgate.core.config;

import static io.tcpgate.core.config.FieldReader.describe;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a config document (already read from YAML or JSON) into a {@link GatewayConfig}, collecting
 * every problem, each naming the source, the route and the field, and what would be valid. It walks the
 * document's sections (admin, shutdown, reload, cluster, builtin backends, routes with their policies and
 * toxics); {@link FieldReader} reads each field and keeps the problems, {@link ListenAddressChecks} checks
 * the listeners across routes, and {@link ConfigSchema} has the last word.
 */
public final class ConfigParser {
  static final Set<String> TOP_FIELDS = Set.of("admin", "event-loops", "native-transport", "routes", "builtin-backends", "shutdown",
    "reload", "cluster", "node-address");
  static final Set<String> ADMIN_FIELDS = Set.of("enabled", "host", "port", "token");
  static final Set<String> ROUTE_FIELDS = Set.of("name", "listen", "backends", "balance", "connect-timeout",
    "connect-failure", "buffer-size", "max-fails", "fail-timeout", "policies", "toxics");
  static final Set<String> BUILTIN_FIELDS = Set.of("type", "listen");
  static final Set<String> SHUTDOWN_FIELDS = Set.of("drain-timeout", "action");
  static final Set<String> RELOAD_FIELDS = Set.of("scan-period");
  static final Set<String> CLUSTER_FIELDS = Set.of("enabled", "name", "members", "host", "public-address", "port", "join-timeout");

  private final PolicyRegistry policies;
  private final String source;
  private final FieldReader fields;
  /** Where each built-in backend of the parse is written ({@code builtin-backends[1]}), in the order of the list returned. */
  private final List<String> builtinFields = new ArrayList<>();

  public ConfigParser(PolicyRegistry policies, String source) {
    this(policies, source, Map.of());
  }

  /**
   * A parser for a document some of whose fields were set from elsewhere than {@code source}.
   *
   * @param origins by dotted field path ({@code admin.port}), where its value came from
   *     ({@code environment variable TCPGATE_ADMIN_PORT}): a problem with it names that instead of the file
   */
  public ConfigParser(PolicyRegistry policies, String source, Map<String, String> origins) {
    this(policies, source, origins, Map.of());
  }

  /**
   * A parser for a document read from a YAML file, some of whose fields were set from elsewhere.
   *
   * @param booleanWords by JSON pointer ({@code /routes/0/balance}), the word the file wrote where YAML read a
   *     boolean ({@code on}, {@code yes}): a field that wants text and got one is told to quote the word
   */
  ConfigParser(PolicyRegistry policies, String source, Map<String, String> origins, Map<String, String> booleanWords) {
    this.policies = policies;
    this.source = source;
    this.fields = new FieldReader(source, origins, booleanWords);
  }

  /**
   * Parses and validates.
   *
   * @throws ConfigException listing every problem found
   */
  public GatewayConfig parse(JsonObject doc) throws ConfigException {
    fields.start(doc);
    builtinFields.clear();
    fields.unknownFields(doc, TOP_FIELDS, "");
    AdminConfig admin = admin(doc.getValue("admin"));
    int eventLoops = (int) fields.integer(doc, "event-loops", "", 0, 0, 1024);
    boolean nativeTransport = fields.bool(doc, "native-transport", "", true);
    List<BuiltinBackend> builtins = builtins(doc.getValue("builtin-backends"));
    ShutdownConfig shutdown = shutdown(doc.getValue("shutdown"));
    ReloadConfig reload = reload(doc.getValue("reload"));
    ClusterConfig cluster = cluster(doc.getValue("cluster"));
    String nodeAddress = fields.string(doc, "node-address", "", null);
    nodeAddress = nodeAddress == null ? null : nodeAddress.strip();
    if (nodeAddress != null && (nodeAddress.isEmpty() || FieldReader.holdsSpace(nodeAddress)
        || nodeAddress.contains(":") && !nodeAddress.contains("::") && !nodeAddress.startsWith("["))) {
      fields.problem("", "node-address", "expected a host or IP address without a port, got " + describe(doc.getValue("node-address")));
    }
    List<RouteConfig> routes = routes(doc.getValue("routes"));
    if (routes.isEmpty() && builtins.isEmpty() && fields.problemCount() == 0 && !doc.containsKey("routes")) {
      fields.problem("", "routes", "missing; expected a list of routes, each with name, listen and backends");
    }
    ListenAddressChecks.checkAddressesUnique(routes, builtins, builtinFields, admin, fields);
    ListenAddressChecks.checkNoLoops(routes, fields);
    addSchemaProblems(doc);
    if (fields.problemCount() > 0) {
      throw new ConfigException(fields.problems());
    }
    return new GatewayConfig(source, admin, eventLoops, nativeTransport, List.copyOf(routes), List.copyOf(builtins), shutdown,
      reload, cluster, nodeAddress);
  }

  /**
   * The published schema is the contract: nothing it rejects is accepted, even where the checks above
   * would let it through. Its problems are listed with theirs, but not for a field they have named (or
   * one inside it, or the object holding it): their messages say more precisely what would be valid.
   */
  private void addSchemaProblems(JsonObject doc) {
    for (ConfigSchema.Problem p : ConfigSchema.located(doc, source)) {
      fields.schemaProblem(p);
    }
  }

  private AdminConfig admin(Object value) {
    if (value == null) {
      return new AdminConfig(true, AdminConfig.DEFAULT_HOST, AdminConfig.DEFAULT_PORT, null);
    }
    if (!(value instanceof JsonObject)) {
      fields.problem("", "admin", "expected an object with host and port, got " + describe(value));
      return new AdminConfig(true, AdminConfig.DEFAULT_HOST, AdminConfig.DEFAULT_PORT, null);
    }
    JsonObject a = (JsonObject) value;
    String ctx = "admin";
    fields.unknownFields(a, ADMIN_FIELDS, ctx);
    boolean enabled = fields.bool(a, "enabled", ctx, true);
    String host = fields.host(a, "host", ctx, AdminConfig.DEFAULT_HOST);
    int port = (int) fields.integer(a, "port", ctx, AdminConfig.DEFAULT_PORT, 0, 65535);
    String token = fields.string(a, "token", ctx, null);
    if (token != null && token.length() < 16) {
      fields.problem(ctx, "token", "too short: use at least 16 characters (e.g. openssl rand -hex 16)");
    }
    return new AdminConfig(enabled, host, port, token);
  }

  private ShutdownConfig shutdown(Object value) {
    if (value == null) {
      return ShutdownConfig.DEFAULT;
    }
    if (!(value instanceof JsonObject)) {
      fields.problem("", "shutdown", "expected an object with drain-timeout and action, got " + describe(value));
      return ShutdownConfig.DEFAULT;
    }
    JsonObject o = (JsonObject) value;
    fields.unknownFields(o, SHUTDOWN_FIELDS, "shutdown");
    long drain = fields.duration(o, "drain-timeout", "shutdown", ShutdownConfig.DEFAULT_DRAIN_MILLIS, 0);
    CloseAction action = fields.closeAction(o, "action", "shutdown", CloseAction.FIN);
    return new ShutdownConfig(drain, action);
  }

  private ReloadConfig reload(Object value) {
    if (value == null) {
      return ReloadConfig.DEFAULT;
    }
    if (!(value instanceof JsonObject)) {
      fields.problem("", "reload", "expected an object with scan-period, got " + describe(value));
      return ReloadConfig.DEFAULT;
    }
    JsonObject o = (JsonObject) value;
    fields.unknownFields(o, RELOAD_FIELDS, "reload");
    return new ReloadConfig(fields.duration(o, "scan-period", "reload", ReloadConfig.DEFAULT_SCAN_PERIOD_MILLIS, 0));
  }

  private ClusterConfig cluster(Object value) {
    ClusterConfig d = ClusterConfig.STANDALONE;
    if (value == null) {
      return d;
    }
    if (!(value instanceof JsonObject)) {
      fields.problem("", "cluster", "expected an object with enabled, name, members, host, port, got " + describe(value));
      return d;
    }
    JsonObject o = (JsonObject) value;
    String ctx = "cluster";
    fields.unknownFields(o, CLUSTER_FIELDS, ctx);
    List<String> members = new ArrayList<>();
    Object m = o.getValue("members");
    if (m != null && !(m instanceof JsonArray)) {
      fields.problem(ctx, "members", "expected a list of host:port, got " + describe(m));
    } else if (m != null) {
      JsonArray arr = (JsonArray) m;
      for (int i = 0; i < arr.size(); i++) {
        Object e = arr.getValue(i);
        try {
          if (!(e instanceof String)) {
            throw new IllegalArgumentException("expected host:port, got " + describe(e));
          }
          Address a = Address.parse((String) e, false);
          if (a.isUnix()) {
            throw new IllegalArgumentException("expected host:port, got a unix path");
          }
          members.add(a.host() + ":" + a.port());
        } catch (IllegalArgumentException ex) {
          fields.textProblem(ctx, "members[" + i + "]", ex.getMessage());
        }
      }
    }
    boolean enabled = fields.bool(o, "enabled", ctx, false);
    if (enabled && members.isEmpty() && fields.problemCount() == 0) {
      fields.problem(ctx, "members", "missing; a cluster needs a list of host:port to join (this node may be in it)");
    }
    String publicAddress = fields.string(o, "public-address", ctx, null);
    if (publicAddress != null) {
      try {
        Address.parse(publicAddress, false);
      } catch (IllegalArgumentException ex) {
        fields.problem(ctx, "public-address", ex.getMessage());
      }
    }
    long joinTimeout = fields.duration(o, "join-timeout", ctx, ClusterConfig.DEFAULT_JOIN_TIMEOUT_SECONDS * 1000L, 1000);
    if (joinTimeout % 1000 != 0) {
      fields.problem(ctx, "join-timeout", "expected whole seconds (1s or more), got " + joinTimeout + " ms");
    }
    return new ClusterConfig(enabled, fields.name(o, "name", ctx, ClusterConfig.DEFAULT_NAME), List.copyOf(members),
      fields.host(o, "host", ctx, ClusterConfig.DEFAULT_HOST), publicAddress, (int) fields.integer(o, "port", ctx, ClusterConfig.DEFAULT_PORT, 1, 65535),
      (int) Math.min(Integer.MAX_VALUE, joinTimeout / 1000));
  }

  private List<BuiltinBackend> builtins(Object value) {
    List<BuiltinBackend> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray)) {
      fields.problem("", "builtin-backends", "expected a list of {type, listen}, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    for (int i = 0; i < arr.size(); i++) {
      String ctx = "builtin-backends[" + i + "]";
      Object v = arr.getValue(i);
      if (!(v instanceof JsonObject)) {
        fields.notAnObject(ctx, "expected an object with type and listen, got " + describe(v));
        continue;
      }
      JsonObject b = (JsonObject) v;
      fields.unknownFields(b, BUILTIN_FIELDS, ctx);
      String type = fields.string(b, "type", ctx, null);
      if (b.getValue("type") == null) {
        fields.problem(ctx, "type", "missing; expected echo or discard");
      } else if (type != null && !type.equals("echo") && !type.equals("discard")) {
        fields.problem(ctx, "type", "expected echo or discard, got \"" + type + "\"");
      }
      Address listen = fields.address(b, "listen", ctx, true);
      if (type != null && listen != null) {
        out.add(new BuiltinBackend(type, listen));
        builtinFields.add(ctx);
      }
    }
    return out;
  }

  private List<RouteConfig> routes(Object value) {
    List<RouteConfig> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray)) {
      fields.problem("", "routes", "expected a list of routes, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      Object v = arr.getValue(i);
      if (!(v instanceof JsonObject)) {
        fields.notAnObject("routes[" + i + "]", "expected a route object with name, listen and backends, got " + describe(v));
        continue;
      }
      JsonObject r = (JsonObject) v;
      Object nameValue = r.getValue("name");
      String name = nameValue instanceof String ? (String) nameValue : null;
      String ctx = name != null ? "route '" + name + "'" : "routes[" + i + "]";
      if (name == null) {
        fields.textProblem(ctx, "name", nameValue == null ? "missing; every route needs a unique name" : "expected a string, got " + describe(nameValue));
      } else if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
        fields.problem(ctx, "name", "expected letters, digits, '_', '.', '-' (at most 64, starting with a letter or digit), got \"" + name + "\"");
      } else {
        Integer previous = names.putIfAbsent(name, i);
        if (previous != null) {
          fields.problem(ctx, "name", "duplicate route name: routes[" + previous + "] and routes[" + i + "] are both named '" + name + "'");
        }
      }
      RouteConfig route = route(r, ctx, name);
      // A route without a name has had its problem counted; its fields are still checked, but the
      // checks across routes need a name to point at.
      if (route != null && name != null) {
        out.add(route);
      }
    }
    return out;
  }

  /** The route, or null when it has no valid listen address (then it takes part in no check across routes). */
  private RouteConfig route(JsonObject r, String ctx, String name) {
    fields.unknownFields(r, ROUTE_FIELDS, ctx);
    Address listen = fields.address(r, "listen", ctx, true);
    List<Address> backends = new ArrayList<>();
    Object b = r.getValue("backends");
    if (b == null) {
      fields.problem(ctx, "backends", "missing; expected a list of host:port or unix:/path");
    } else if (!(b instanceof JsonArray)) {
      fields.problem(ctx, "backends", "expected a list of host:port or unix:/path, got " + describe(b));
    } else if (((JsonArray) b).isEmpty()) {
      fields.problem(ctx, "backends", "empty; a route needs at least one backend");
    } else {
      JsonArray arr = (JsonArray) b;
      for (int i = 0; i < arr.size(); i++) {
        Object e = arr.getValue(i);
        String field = "backends[" + i + "]";
        if (!(e instanceof String)) {
          fields.textProblem(ctx, field, "expected " + Address.EXPECTED + ", got " + describe(e));
          continue;
        }
        try {
          backends.add(Address.parse((String) e, false));
        } catch (IllegalArgumentException ex) {
          fields.problem(ctx, field, ex.getMessage());
        }
      }
    }
    Balance balance = Balance.ROUND_ROBIN;
    String balanceText = fields.string(r, "balance", ctx, null);
    if (balanceText != null) {
      balance = Balance.parse(balanceText);
      if (balance == null) {
        fields.problem(ctx, "balance", "expected round-robin or least-connections, got \"" + balanceText + "\"");
      }
    }
    long connectTimeout = fields.duration(r, "connect-timeout", ctx, RouteConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS, 1);
    CloseAction connectFailure = fields.closeAction(r, "connect-failure", ctx, CloseAction.FIN);
    long buffer = fields.bytes(r, "buffer-size", ctx, RouteConfig.DEFAULT_BUFFER_BYTES, RouteConfig.MIN_BUFFER_BYTES, 64L * 1024 * 1024);
    long maxFails = fields.integer(r, "max-fails", ctx, RouteConfig.DEFAULT_MAX_FAILS, 0, 1_000_000);
    long failTimeout = fields.duration(r, "fail-timeout", ctx, RouteConfig.DEFAULT_FAIL_TIMEOUT_MILLIS, 1);
    List<PolicySpec> specs = policies(r.getValue("policies"), ctx);
    List<PolicySpec> toxics = toxics(r.getValue("toxics"), ctx);
    if (listen == null) {
      return null;
    }
    // A route with a bad field is still returned, its bad fields at their defaults: the file is refused
    // anyway, and the checks across routes (two listeners on one address, a backend leading back) list
    // their problems with its own instead of after it is mended.
    return new RouteConfig(name, listen, List.copyOf(backends), balance, connectTimeout, connectFailure, (int) buffer, specs, toxics,
      (int) maxFails, failTimeout);
  }

  private List<PolicySpec> policies(Object value, String ctx) {
    List<PolicySpec> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray)) {
      fields.problem(ctx, "policies", "expected a list of {type: ..., ...}, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    Map<String, Integer> types = new HashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "policies[" + i + "]";
      Object v = arr.getValue(i);
      if (!(v instanceof JsonObject)) {
        fields.problem(ctx, field, "expected an object with a type, got " + describe(v));
        continue;
      }
      JsonObject entry = (JsonObject) v;
      Object typeValue = entry.getValue("type");
      if (!(typeValue instanceof String)) {
        fields.textProblem(ctx, field + ".type", (typeValue == null ? "missing" : "expected a string, got " + describe(typeValue))
          + "; known policy types: " + policyTypes());
        continue;
      }
      String type = (String) typeValue;
      PolicyFactory factory = policies.get(type);
      if (factory instanceof ToxicFactory) {
        fields.problem(ctx, field + ".type", "'" + type + "' is a toxic; declare it under toxics: as {name, type, stream, toxicity, attributes}");
        continue;
      }
      if (factory == null) {
        fields.problem(ctx, field + ".type", "unknown policy type '" + type + "'; known policy types: " + policyTypes());
        continue;
      }
      // Two entries of one type would both act on every connection, the second one's settings
      // silently deciding, or both counting (two max-connections); a route lists each type once.
      Integer first = types.putIfAbsent(type, i);
      if (first != null) {
        fields.problem(ctx, field + ".type", "'" + type + "' is already policies[" + first + "]; list each policy type once, with all its settings");
        continue;
      }
      JsonObject settings = entry.copy();
      settings.remove("type");
      try {
        Policy policy = PolicyConfig.create(factory, settings);
        if (policy == null) {
          fields.problem(ctx, field, "policy plugin '" + type + "' (" + factory.getClass().getName() + ") broke its contract: create() returned null");
          continue;
        }
        out.add(new PolicySpec(type, entry, policy));
      } catch (InvalidPolicyConfigException e) {
        for (InvalidPolicyConfigException p : e.problems()) {
          String at = p.field() == null ? field : field + "." + p.field();
          fields.problem(ctx, at, at, p.wantsText(), "policy '" + type + "': " + p.getMessage());
        }
      } catch (RuntimeException e) {
        fields.problem(ctx, field, "policy plugin '" + type + "' (" + factory.getClass().getName() + ") failed: " + e);
      }
    }
    return out;
  }

  /** The policy types for {@code policies:} (toxics have their own list, {@code toxics:}). */
  private String policyTypes() {
    return String.join(", ", policies.factories().stream().filter(f -> !(f instanceof ToxicFactory))
      .map(PolicyFactory::type).toList());
  }

  private List<PolicySpec> toxics(Object value, String ctx) {
    List<PolicySpec> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray)) {
      fields.problem(ctx, "toxics", "expected a list of {name, type, stream, toxicity, attributes}, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      Object v = arr.getValue(i);
      String field = "toxics[" + i + "]";
      if (!(v instanceof JsonObject)) {
        fields.problem(ctx, field, "expected an object with a type, got " + describe(v));
        continue;
      }
      Object n = ((JsonObject) v).getValue("name");
      String label = n instanceof String ? field + " (toxic '" + n + "')" : field;
      try {
        PolicySpec spec = ToxicSpecs.parse(policies, (JsonObject) v);
        if (!names.add(ToxicSpecs.name(spec))) {
          fields.problem(ctx, field + ".name", label + ".name", true, "duplicate toxic name '" + ToxicSpecs.name(spec) + "'");
          continue;
        }
        out.add(spec);
      } catch (ToxicSpecs.InvalidToxicException e) {
        for (ToxicSpecs.InvalidToxicException p : e.problems()) {
          String at = p.field() == null ? "" : "." + p.field(); // no field: the toxic as a whole
          fields.problem(ctx, field + at, label + at, p.wantsText(), p.getMessage());
        }
      }
    }
    return out;
  }
}
