package io.tcpgate.dist;

import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where the configuration comes from: a file ({@code -c}, else {@code $TCPGATE_CONFIG}, else the
 * default {@code conf/tcpgate.yaml} of the installation), or one route given on the command line.
 */
final class ConfigOptions {
  static final String COMMAND_LINE = "command line";

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Config file (YAML or JSON). Default: $TCPGATE_CONFIG, else conf/tcpgate.yaml of the installation.")
  Path file;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Run one route without a file: where clients connect (needs --backend).")
  String listen;

  @Option(names = "--backend", paramLabel = "HOST:PORT",
      description = "A backend of the --listen route; repeat for several (tried in turn when one is down).")
  List<String> backends = new ArrayList<>();

  @Option(names = "--balance", paramLabel = "METHOD", description = "round-robin (default) or least-connections, for --listen.")
  String balance;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "Backend connect timeout for --listen (default 5s).")
  String connectTimeout;

  @Option(names = "--policy", paramLabel = "TYPE[:KEY=VALUE,...]",
      description = "A policy of the --listen route, e.g. rst-translation:backend-reset=fin; repeatable, applied in order.")
  List<String> policies = new ArrayList<>();

  @Option(names = "--toxic", paramLabel = "TYPE[:KEY=VALUE,...]",
      description = "A toxic of the --listen route, e.g. latency:latency=100,jitter=10,stream=upstream (name, stream, toxicity, "
        + "ttl, seed, match are its fields, other keys its attributes); repeatable.")
  List<String> toxics = new ArrayList<>();

  @Option(names = "--admin", paramLabel = "HOST:PORT", description = "Admin API address for --listen (default: no admin API).")
  String admin;

  /** Loads and validates the configuration; the future fails with a {@link ConfigException}. */
  Future<GatewayConfig> load(Vertx vertx, PolicyRegistry registry) {
    ConfigLoader loader = new ConfigLoader(registry);
    if (oneLineForm()) {
      if (file != null) {
        return Future.failedFuture(new ConfigException("use either -c FILE or --listen/--backend, not both"
          + " (--balance, --connect-timeout, --policy, --toxic and --admin are for --listen)"));
      }
      try {
        return Future.succeededFuture(loader.parse(commandLineDocument(), COMMAND_LINE));
      } catch (ConfigException e) {
        return Future.failedFuture(e);
      }
    }
    return loader.load(vertx, configFile());
  }

  /** Whether any option of the one-route form is given (each of them is for {@code --listen} only). */
  private boolean oneLineForm() {
    return listen != null || !backends.isEmpty() || balance != null || connectTimeout != null || !policies.isEmpty()
      || !toxics.isEmpty() || admin != null;
  }

  Path configFile() {
    if (file != null) {
      return file;
    }
    String env = System.getenv(ConfigLoader.CONFIG_ENV);
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = System.getProperty("tcpgate.home");
    return home != null ? Path.of(home, "conf", "tcpgate.yaml") : Path.of("conf", "tcpgate.yaml");
  }

  JsonObject commandLineDocument() throws ConfigException {
    if (listen == null) {
      throw new ConfigException(COMMAND_LINE + ": --backend, --balance, --connect-timeout, --policy, --toxic and --admin need --listen HOST:PORT");
    }
    if (backends.isEmpty()) {
      throw new ConfigException(COMMAND_LINE + ": --listen needs at least one --backend HOST:PORT");
    }
    JsonObject route = new JsonObject().put("name", "cli").put("listen", listen).put("backends", new JsonArray(backends));
    if (balance != null) {
      route.put("balance", balance);
    }
    if (connectTimeout != null) {
      route.put("connect-timeout", connectTimeout);
    }
    JsonArray list = new JsonArray();
    for (String p : policies) {
      list.add(PolicyArgument.parse(p));
    }
    if (!list.isEmpty()) {
      route.put("policies", list);
    }
    JsonArray toxicList = new JsonArray();
    for (String t : toxics) {
      toxicList.add(PolicyArgument.parseToxic(t));
    }
    if (!toxicList.isEmpty()) {
      route.put("toxics", toxicList);
    }
    JsonObject doc = new JsonObject().put("routes", new JsonArray().add(route));
    if (admin == null) {
      doc.put("admin", new JsonObject().put("enabled", false));
    } else {
      int colon = admin.lastIndexOf(':');
      if (colon <= 0) {
        throw new ConfigException(COMMAND_LINE + ": --admin: expected HOST:PORT, got \"" + admin + "\"");
      }
      try {
        doc.put("admin", new JsonObject().put("host", admin.substring(0, colon)).put("port", Integer.parseInt(admin.substring(colon + 1))));
      } catch (NumberFormatException e) {
        throw new ConfigException(COMMAND_LINE + ": --admin: port must be a number, got \"" + admin + "\"");
      }
    }
    return doc;
  }
}
