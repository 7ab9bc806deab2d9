package io.tcpgate.core.config;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.Durations;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.Sizes;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a config document (already read from YAML or JSON) into a {@link GatewayConfig}, collecting
 * every problem, each naming the source, the route and the field, and what would be valid.
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

  /** The wildcard listen address, as the uniqueness and loop checks write it ({@code *} and {@code ::} too). */
  private static final String WILDCARD = "0.0.0.0";
  private final PolicyRegistry policies;
  private final String source;
  private final Map<String, String> origins;
  private final List<String> problems = new ArrayList<>();
  /** The field of each problem, as {@link ConfigSchema.Problem#field()} names it: {@code route 'web'.listen}. */
  private final Set<String> fieldsAtFault = new HashSet<>();

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
    this.policies = policies;
    this.source = source;
    this.origins = Map.copyOf(origins);
  }

  /**
   * Parses and validates.
   *
   * @throws ConfigException listing every problem found
   */
  public GatewayConfig parse(JsonObject doc) throws ConfigException {
    problems.clear();
    fieldsAtFault.clear();
    unknownFields(doc, TOP_FIELDS, "");
    AdminConfig admin = admin(doc.getValue("admin"));
    int eventLoops = (int) integer(doc, "event-loops", "", 0, 0, 1024);
    boolean nativeTransport = bool(doc, "native-transport", "", true);
    List<BuiltinBackend> builtins = builtins(doc.getValue("builtin-backends"));
    ShutdownConfig shutdown = shutdown(doc.getValue("shutdown"));
    ReloadConfig reload = reload(doc.getValue("reload"));
    ClusterConfig cluster = cluster(doc.getValue("cluster"));
    String nodeAddress = string(doc, "node-address", "", null);
    if (nodeAddress != null && (nodeAddress.isBlank() || nodeAddress.contains(":") && !nodeAddress.contains("::") && !nodeAddress.startsWith("["))) {
      problem("", "node-address", "expected a host or IP address without a port, got \"" + nodeAddress + "\"");
    }
    List<RouteConfig> routes = routes(doc.getValue("routes"));
    if (routes.isEmpty() && builtins.isEmpty() && problems.isEmpty() && !doc.containsKey("routes")) {
      problem("", "routes", "missing; expected a list of routes, each with name, listen and backends");
    }
    checkAddressesUnique(routes, builtins, admin);
    checkNoLoops(routes);
    addSchemaProblems(doc);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
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
      if (fieldsAtFault.stream().noneMatch(f -> f.equals(p.field()) || isInside(f, p.field()) || isInside(p.field(), f))) {
        problems.add(p.line());
      }
    }
  }

  /** Whether field {@code inner} ({@code route 'web'.backends[0]}) is inside {@code outer} ({@code route 'web'}). */
  private static boolean isInside(String inner, String outer) {
    return !outer.isEmpty() && (inner.startsWith(outer + ".") || inner.startsWith(outer + "["));
  }

  private String where(String route) {
    return source + ": " + (route.isEmpty() ? "" : route + ": ");
  }

  private void problem(String route, String field, String message) {
    problem(route, field, field, message);
  }

  /**
   * Records a problem with {@code field} of {@code route}, shown as {@code shownField} (which may name it
   * further: {@code toxics[0] (toxic 'slow').ttl} for {@code toxics[0].ttl}).
   */
  private void problem(String route, String field, String shownField, String message) {
    String prefix = route.isEmpty() ? "" : route + ".";
    fieldsAtFault.add(prefix + field);
    String origin = origins.get(prefix + field.replaceFirst("\\[\\d+]$", ""));
    if (origin != null) {
      problems.add(origin + ": field '" + prefix + shownField + "': " + message);
      return;
    }
    problems.add(where(route) + "field '" + shownField + "': " + message);
  }

  /** Records a problem with a whole list item ({@code routes[2]}) that is not an object. */
  private void notAnObject(String item, String message) {
    fieldsAtFault.add(item);
    problems.add(where(item) + message);
  }

  private void unknownFields(JsonObject obj, Set<String> known, String route) {
    for (String f : new TreeSet<>(obj.fieldNames())) {
      if (!known.contains(f)) {
        problem(route, f, "unknown field; known fields here: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  private AdminConfig admin(Object value) {
    if (value == null) {
      return new AdminConfig(true, AdminConfig.DEFAULT_HOST, AdminConfig.DEFAULT_PORT, null);
    }
    if (!(value instanceof JsonObject)) {
      problem("", "admin", "expected an object with host and port, got " + describe(value));
      return new AdminConfig(true, AdminConfig.DEFAULT_HOST, AdminConfig.DEFAULT_PORT, null);
    }
    JsonObject a = (JsonObject) value;
    String ctx = "admin";
    unknownFields(a, ADMIN_FIELDS, ctx);
    boolean enabled = bool(a, "enabled", ctx, true);
    String host = host(a, "host", ctx, AdminConfig.DEFAULT_HOST);
    int port = (int) integer(a, "port", ctx, AdminConfig.DEFAULT_PORT, 0, 65535);
    String token = string(a, "token", ctx, null);
    if (token != null && token.length() < 16) {
      problem(ctx, "token", "too short: use at least 16 characters (e.g. openssl rand -hex 16)");
    }
    return new AdminConfig(enabled, host, port, token);
  }

  private ShutdownConfig shutdown(Object value) {
    if (value == null) {
      return ShutdownConfig.DEFAULT;
    }
    if (!(value instanceof JsonObject)) {
      problem("", "shutdown", "expected an object with drain-timeout and action, got " + describe(value));
      return ShutdownConfig.DEFAULT;
    }
    JsonObject o = (JsonObject) value;
    unknownFields(o, SHUTDOWN_FIELDS, "shutdown");
    long drain = duration(o, "drain-timeout", "shutdown", ShutdownConfig.DEFAULT_DRAIN_MILLIS, 0);
    CloseAction action = closeAction(o, "action", "shutdown", CloseAction.FIN);
    return new ShutdownConfig(drain, action);
  }

  private ReloadConfig reload(Object value) {
    if (value == null) {
      return ReloadConfig.DEFAULT;
    }
    if (!(value instanceof JsonObject)) {
      problem("", "reload", "expected an object with scan-period, got " + describe(value));
      return ReloadConfig.DEFAULT;
    }
    JsonObject o = (JsonObject) value;
    unknownFields(o, RELOAD_FIELDS, "reload");
    return new ReloadConfig(duration(o, "scan-period", "reload", ReloadConfig.DEFAULT_SCAN_PERIOD_MILLIS, 0));
  }

  private ClusterConfig cluster(Object value) {
    ClusterConfig d = ClusterConfig.STANDALONE;
    if (value == null) {
      return d;
    }
    if (!(value instanceof JsonObject)) {
      problem("", "cluster", "expected an object with enabled, name, members, host, port, got " + describe(value));
      return d;
    }
    JsonObject o = (JsonObject) value;
    String ctx = "cluster";
    unknownFields(o, CLUSTER_FIELDS, ctx);
    List<String> members = new ArrayList<>();
    Object m = o.getValue("members");
    if (m != null && !(m instanceof JsonArray)) {
      problem(ctx, "members", "expected a list of host:port, got " + describe(m));
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
          problem(ctx, "members[" + i + "]", ex.getMessage());
        }
      }
    }
    boolean enabled = bool(o, "enabled", ctx, false);
    if (enabled && members.isEmpty() && problems.isEmpty()) {
      problem(ctx, "members", "missing; a cluster needs a list of host:port to join (this node may be in it)");
    }
    String publicAddress = string(o, "public-address", ctx, null);
    if (publicAddress != null) {
      try {
        Address.parse(publicAddress, false);
      } catch (IllegalArgumentException ex) {
        problem(ctx, "public-address", ex.getMessage());
      }
    }
    long joinTimeout = duration(o, "join-timeout", ctx, ClusterConfig.DEFAULT_JOIN_TIMEOUT_SECONDS * 1000L, 1000);
    if (joinTimeout % 1000 != 0) {
      problem(ctx, "join-timeout", "expected whole seconds (1s or more), got " + joinTimeout + " ms");
    }
    return new ClusterConfig(enabled, string(o, "name", ctx, ClusterConfig.DEFAULT_NAME), List.copyOf(members),
      host(o, "host", ctx, ClusterConfig.DEFAULT_HOST), publicAddress, (int) integer(o, "port", ctx, ClusterConfig.DEFAULT_PORT, 1, 65535),
      (int) Math.min(Integer.MAX_VALUE, joinTimeout / 1000));
  }

  private List<BuiltinBackend> builtins(Object value) {
    List<BuiltinBackend> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray)) {
      problem("", "builtin-backends", "expected a list of {type, listen}, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    for (int i = 0; i < arr.size(); i++) {
      String ctx = "builtin-backends[" + i + "]";
      Object v = arr.getValue(i);
      if (!(v instanceof JsonObject)) {
        notAnObject(ctx, "expected an object with type and listen, got " + describe(v));
        continue;
      }
      JsonObject b = (JsonObject) v;
      unknownFields(b, BUILTIN_FIELDS, ctx);
      String type = string(b, "type", ctx, null);
      if (type == null) {
        problem(ctx, "type", "missing; expected echo or discard");
      } else if (!type.equals("echo") && !type.equals("discard")) {
        problem(ctx, "type", "expected echo or discard, got \"" + type + "\"");
      }
      Address listen = address(b, "listen", ctx, true);
      if (type != null && listen != null) {
        out.add(new BuiltinBackend(type, listen));
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
      problem("", "routes", "expected a list of routes, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      Object v = arr.getValue(i);
      if (!(v instanceof JsonObject)) {
        notAnObject("routes[" + i + "]", "expected a route object with name, listen and backends, got " + describe(v));
        continue;
      }
      JsonObject r = (JsonObject) v;
      Object nameValue = r.getValue("name");
      String name = nameValue instanceof String ? (String) nameValue : null;
      String ctx = name != null ? "route '" + name + "'" : "routes[" + i + "]";
      if (name == null) {
        problem(ctx, "name", nameValue == null ? "missing; every route needs a unique name" : "expected a string, got " + describe(nameValue));
      } else if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
        problem(ctx, "name", "expected letters, digits, '_', '.', '-' (at most 64, starting with a letter or digit), got \"" + name + "\"");
      } else {
        Integer previous = names.putIfAbsent(name, i);
        if (previous != null) {
          problem(ctx, "name", "duplicate route name: routes[" + previous + "] and routes[" + i + "] are both named '" + name + "'");
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

  private RouteConfig route(JsonObject r, String ctx, String name) {
    int before = problems.size();
    unknownFields(r, ROUTE_FIELDS, ctx);
    Address listen = address(r, "listen", ctx, true);
    List<Address> backends = new ArrayList<>();
    Object b = r.getValue("backends");
    if (b == null) {
      problem(ctx, "backends", "missing; expected a list of host:port or unix:/path");
    } else if (!(b instanceof JsonArray)) {
      problem(ctx, "backends", "expected a list of host:port or unix:/path, got " + describe(b));
    } else if (((JsonArray) b).isEmpty()) {
      problem(ctx, "backends", "empty; a route needs at least one backend");
    } else {
      JsonArray arr = (JsonArray) b;
      for (int i = 0; i < arr.size(); i++) {
        Object e = arr.getValue(i);
        String field = "backends[" + i + "]";
        if (!(e instanceof String)) {
          problem(ctx, field, "expected " + Address.EXPECTED + ", got " + describe(e));
          continue;
        }
        try {
          backends.add(Address.parse((String) e, false));
        } catch (IllegalArgumentException ex) {
          problem(ctx, field, ex.getMessage());
        }
      }
    }
    Balance balance = Balance.ROUND_ROBIN;
    String balanceText = string(r, "balance", ctx, null);
    if (balanceText != null) {
      balance = Balance.parse(balanceText);
      if (balance == null) {
        problem(ctx, "balance", "expected round-robin or least-connections, got \"" + balanceText + "\"");
      }
    }
    long connectTimeout = duration(r, "connect-timeout", ctx, RouteConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS, 1);
    CloseAction connectFailure = closeAction(r, "connect-failure", ctx, CloseAction.FIN);
    long buffer = bytes(r, "buffer-size", ctx, RouteConfig.DEFAULT_BUFFER_BYTES, RouteConfig.MIN_BUFFER_BYTES, 64L * 1024 * 1024);
    long maxFails = integer(r, "max-fails", ctx, RouteConfig.DEFAULT_MAX_FAILS, 0, 1_000_000);
    long failTimeout = duration(r, "fail-timeout", ctx, RouteConfig.DEFAULT_FAIL_TIMEOUT_MILLIS, 1);
    List<PolicySpec> specs = policies(r.getValue("policies"), ctx);
    List<PolicySpec> toxics = toxics(r.getValue("toxics"), ctx);
    if (r.containsKey("listen") && listen == null || problems.size() > before) {
      return null;
    }
    return new RouteConfig(name, listen, List.copyOf(backends), balance, connectTimeout, connectFailure, (int) buffer, specs, toxics,
      (int) maxFails, failTimeout);
  }

  private List<PolicySpec> policies(Object value, String ctx) {
    List<PolicySpec> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray)) {
      problem(ctx, "policies", "expected a list of {type: ..., ...}, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    Map<String, Integer> types = new HashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      String field = "policies[" + i + "]";
      Object v = arr.getValue(i);
      if (!(v instanceof JsonObject)) {
        problem(ctx, field, "expected an object with a type, got " + describe(v));
        continue;
      }
      JsonObject entry = (JsonObject) v;
      Object typeValue = entry.getValue("type");
      if (!(typeValue instanceof String)) {
        problem(ctx, field + ".type", (typeValue == null ? "missing" : "expected a string, got " + describe(typeValue))
          + "; known policy types: " + policyTypes());
        continue;
      }
      String type = (String) typeValue;
      PolicyFactory factory = policies.get(type);
      if (factory instanceof ToxicFactory) {
        problem(ctx, field + ".type", "'" + type + "' is a toxic; declare it under toxics: as {name, type, stream, toxicity, attributes}");
        continue;
      }
      if (factory == null) {
        problem(ctx, field + ".type", "unknown policy type '" + type + "'; known policy types: " + policyTypes());
        continue;
      }
      // Two entries of one type would both act on every connection, the second one's settings
      // silently deciding, or both counting (two max-connections); a route lists each type once.
      Integer first = types.putIfAbsent(type, i);
      if (first != null) {
        problem(ctx, field + ".type", "'" + type + "' is already policies[" + first + "]; list each policy type once, with all its settings");
        continue;
      }
      JsonObject settings = entry.copy();
      settings.remove("type");
      try {
        Policy policy = PolicyConfig.create(factory, settings);
        if (policy == null) {
          problem(ctx, field, "policy plugin '" + type + "' (" + factory.getClass().getName() + ") broke its contract: create() returned null");
          continue;
        }
        out.add(new PolicySpec(type, entry, policy));
      } catch (InvalidPolicyConfigException e) {
        for (InvalidPolicyConfigException p : e.problems()) {
          problem(ctx, p.field() == null ? field : field + "." + p.field(), "policy '" + type + "': " + p.getMessage());
        }
      } catch (RuntimeException e) {
        problem(ctx, field, "policy plugin '" + type + "' (" + factory.getClass().getName() + ") failed: " + e);
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
      problem(ctx, "toxics", "expected a list of {name, type, stream, toxicity, attributes}, got " + describe(value));
      return out;
    }
    JsonArray arr = (JsonArray) value;
    Set<String> names = new HashSet<>();
    for (int i = 0; i < arr.size(); i++) {
      Object v = arr.getValue(i);
      String field = "toxics[" + i + "]";
      if (!(v instanceof JsonObject)) {
        problem(ctx, field, "expected an object with a type, got " + describe(v));
        continue;
      }
      Object n = ((JsonObject) v).getValue("name");
      String label = n instanceof String ? field + " (toxic '" + n + "')" : field;
      try {
        PolicySpec spec = ToxicSpecs.parse(policies, (JsonObject) v);
        if (!names.add(ToxicSpecs.name(spec))) {
          problem(ctx, field + ".name", label + ".name", "duplicate toxic name '" + ToxicSpecs.name(spec) + "'");
          continue;
        }
        out.add(spec);
      } catch (ToxicSpecs.InvalidToxicException e) {
        for (ToxicSpecs.InvalidToxicException p : e.problems()) {
          String at = p.field() == null ? "" : "." + p.field(); // no field: the toxic as a whole
          problem(ctx, field + at, label + at, p.getMessage());
        }
      }
    }
    return out;
  }

  private void checkAddressesUnique(List<RouteConfig> routes, List<BuiltinBackend> builtins, AdminConfig admin) {
    Map<String, String> owners = new HashMap<>();
    if (admin.enabled() && admin.port() != 0) {
      takes(owners, admin.host(), admin.port(), "the admin API");
    }
    for (BuiltinBackend b : builtins) {
      claim(owners, b.listen(), "builtin " + b.type() + " backend", "builtin-backends", "listen");
    }
    for (RouteConfig r : routes) {
      claim(owners, r.listen(), "route '" + r.name() + "'", "route '" + r.name() + "'", "listen");
    }
  }

  /**
   * A backend that is a route's own listen address, directly or through other routes, would make every
   * connection connect to the gateway again, without end (until the file descriptors run out).
   */
  private void checkNoLoops(List<RouteConfig> routes) {
    for (RouteConfig r : routes) {
      List<String> loop = pathBack(r, r, routes, new HashSet<>(Set.of(r.name())), new ArrayList<>());
      if (loop != null) {
        problem("route '" + r.name() + "'", "backends", "its connections would come back to this gateway without end: "
          + String.join(" -> ", loop) + " (a backend is a listen address of the routes named)");
      }
    }
  }

  /**
   * The route names from {@code from} back to {@code start} through backends that are listen addresses
   * (each route looked at once), or null; {@code path} holds the names up to {@code from}'s.
   */
  private static List<String> pathBack(RouteConfig start, RouteConfig from, List<RouteConfig> routes, Set<String> visited, List<String> path) {
    path.add(from.name());
    for (Address b : from.backends()) {
      for (RouteConfig next : routes) {
        if (!isListenAddressOf(b, next)) {
          continue;
        }
        if (next == start) {
          path.add(start.name());
          return path;
        }
        if (visited.add(next.name())) {
          List<String> found = pathBack(start, next, routes, visited, path);
          if (found != null) {
            return found;
          }
        }
      }
    }
    path.remove(path.size() - 1);
    return null;
  }

  /** Whether connecting to {@code backend} reaches {@code route}'s listener (same address, or its wildcard from loopback). */
  private static boolean isListenAddressOf(Address backend, RouteConfig route) {
    Address listen = route.listen();
    if (backend.isUnix() || listen.isUnix()) {
      return backend.isUnix() && listen.isUnix() && backend.unixPath().equals(listen.unixPath());
    }
    if (listen.port() == 0 || backend.port() != listen.port()) {
      return false;
    }
    String host = normalHost(backend.host());
    return host.equals(normalHost(listen.host()))
      || listen.isWildcard() && (host.startsWith("127.") || host.equals(WILDCARD) || host.equals("::1"));
  }

  private void claim(Map<String, String> owners, Address a, String who, String ctx, String field) {
    if (!a.isUnix() && a.port() == 0) {
      return;
    }
    String previous = a.isUnix() ? owners.putIfAbsent(a.toString(), who) : takes(owners, a.host(), a.port(), who);
    if (previous != null) {
      problem(ctx, field, a + " is already used by " + previous + "; two listeners cannot share an address"
        + " (a wildcard address such as 0.0.0.0 takes its port on every address)");
    }
  }

  /**
   * Records that {@code who} listens on host:port; returns who already has that address, or the same port
   * when one of the two is a wildcard address, or null.
   */
  private static String takes(Map<String, String> owners, String host, int port, String who) {
    String k = key(host, port);
    boolean wildcard = k.startsWith(WILDCARD + ":");
    String previous = owners.putIfAbsent(k, who);
    if (previous == null) {
      previous = owners.get((wildcard ? "any address, port " : "wildcard, port ") + port);
    }
    owners.putIfAbsent("any address, port " + port, who);
    if (wildcard) {
      owners.putIfAbsent("wildcard, port " + port, who);
    }
    return previous;
  }

  private static String key(String host, int port) {
    return normalHost(host) + ":" + port;
  }

  private static String normalHost(String host) {
    return "*".equals(host) || "::".equals(host) ? WILDCARD : "localhost".equals(host) ? "127.0.0.1" : host;
  }

  // ---- typed field readers: each records a named problem and returns a default on error

  private Address address(JsonObject o, String field, String ctx, boolean allowPortZero) {
    Object v = o.getValue(field);
    if (v == null) {
      problem(ctx, field, "missing; expected " + Address.expected(allowPortZero));
      return null;
    }
    if (!(v instanceof String)) {
      problem(ctx, field, "expected " + Address.expected(allowPortZero) + ", got " + describe(v));
      return null;
    }
    try {
      return Address.parse((String) v, allowPortZero);
    } catch (IllegalArgumentException e) {
      problem(ctx, field, e.getMessage());
      return null;
    }
  }

  private String string(JsonObject o, String field, String ctx, String def) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    if (v instanceof String) {
      return (String) v;
    }
    problem(ctx, field, "expected a string, got " + describe(v));
    return def;
  }

  /** A host name or IP address to bind: a string that is not blank. */
  private String host(JsonObject o, String field, String ctx, String def) {
    String s = string(o, field, ctx, def);
    if (s != null && s.isBlank()) {
      problem(ctx, field, "expected a host name or IP address, got an empty value");
      return def;
    }
    return s;
  }

  private boolean bool(JsonObject o, String field, String ctx, boolean def) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    problem(ctx, field, "expected true or false, got " + describe(v));
    return def;
  }

  private long integer(JsonObject o, String field, String ctx, long def, long min, long max) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    if (v instanceof Number && ((Number) v).doubleValue() == Math.rint(((Number) v).doubleValue())) {
      long n = ((Number) v).longValue();
      // A number beyond a long (a BigInteger) wraps in longValue(); its double does not.
      if (n >= min && n <= max && n == ((Number) v).doubleValue()) {
        return n;
      }
      problem(ctx, field, "must be from " + min + " to " + max + ", got " + v);
      return def;
    }
    problem(ctx, field, "expected a whole number from " + min + " to " + max + ", got " + describe(v));
    return def;
  }

  private long duration(JsonObject o, String field, String ctx, long def, long min) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    try {
      long ms = Durations.parseMillis(v);
      if (ms < min) {
        problem(ctx, field, "must be at least " + Durations.format(min) + ", got " + describe(v));
        return def;
      }
      return ms;
    } catch (IllegalArgumentException e) {
      problem(ctx, field, e.getMessage());
      return def;
    }
  }

  private CloseAction closeAction(JsonObject o, String field, String ctx, CloseAction def) {
    String s = string(o, field, ctx, null);
    if (s == null) {
      return def;
    }
    CloseAction a = CloseAction.parse(s);
    if (a == null) {
      problem(ctx, field, "expected fin or rst, got \"" + s + "\"");
      return def;
    }
    return a;
  }

  private long bytes(JsonObject o, String field, String ctx, long def, long min, long max) {
    Object v = o.getValue(field);
    if (v == null) {
      return def;
    }
    try {
      return Sizes.parseBytes(v, min, max);
    } catch (IllegalArgumentException e) {
      problem(ctx, field, e.getMessage());
      return def;
    }
  }

  static String describe(Object v) {
    if (v instanceof String) {
      return "\"" + v + "\"";
    }
    if (v instanceof JsonObject) {
      return "an object";
    }
    if (v instanceof JsonArray) {
      return "a list";
    }
    return String.valueOf(v);
  }
}
