package io.tcpgate.dist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tcpgate proxy list|inspect|create|toggle|delete}: proxies (routes) through the API. */
@Command(name = "proxy", mixinStandardHelpOptions = true, description = "List, inspect, create, toggle and delete proxies (routes) of a running gateway.",
    subcommands = {ProxyCommand.ListProxies.class, ProxyCommand.Inspect.class, ProxyCommand.Create.class, ProxyCommand.Toggle.class,
      ProxyCommand.Delete.class})
final class ProxyCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list, inspect, create, toggle or delete (see --help)");
  }

  @Command(name = "list", description = "List proxies: name, listen, upstream, enabled, toxics.")
  static final class ListProxies extends ApiCommand {

    @Override
    void act() {
      JsonObject all = new JsonObject(api.call("GET", "/proxies", null));
      System.out.printf("%-20s %-22s %-22s %-8s %s%n", "NAME", "LISTEN", "UPSTREAM", "ENABLED", "TOXICS");
      for (String name : all.fieldNames()) {
        JsonObject p = all.getJsonObject(name);
        System.out.printf("%-20s %-22s %-22s %-8s %d%n", name, p.getString("listen"), p.getString("upstream"),
          p.getBoolean("enabled"), p.getJsonArray("toxics").size());
      }
    }
  }

  @Command(name = "inspect", description = "Show a proxy and its toxics: name, stream, type, toxicity and attributes (by name) of each.")
  static final class Inspect extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void act() {
      JsonObject p = new JsonObject(api.call("GET", "/proxies/" + name, null));
      System.out.printf("%s: listen %s, upstream %s, %s%n", name, p.getString("listen"), p.getString("upstream"),
        p.getBoolean("enabled") ? "enabled" : "disabled");
      JsonArray toxics = p.getJsonArray("toxics");
      if (toxics.isEmpty()) {
        System.out.println("no toxics");
        return;
      }
      System.out.printf("%-24s %-10s %-12s %-8s %s%n", "TOXIC", "STREAM", "TYPE", "TOXICITY", "ATTRIBUTES");
      for (int i = 0; i < toxics.size(); i++) {
        JsonObject t = toxics.getJsonObject(i);
        JsonObject attributes = t.getJsonObject("attributes", new JsonObject());
        String shown = String.join(" ", attributes.fieldNames().stream().sorted().map(k -> k + "=" + attributes.getValue(k)).toList());
        System.out.printf("%-24s %-10s %-12s %-8s %s%n", t.getString("name"), t.getString("stream"), t.getString("type"),
          t.getValue("toxicity"), shown);
      }
    }
  }

  @Command(name = "create", description = "Create a proxy listening on --listen and relaying to --upstream.")
  static final class Create extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = {"-l", "--listen"}, required = true, paramLabel = "HOST:PORT", description = "port 0 picks a free port")
    String listen;
    @Option(names = {"-u", "--upstream"}, required = true, paramLabel = "HOST:PORT")
    String upstream;

    @Override
    void act() {
      JsonObject p = new JsonObject(api.call("POST", "/proxies",
        new JsonObject().put("name", name).put("listen", listen).put("upstream", upstream).encode()));
      System.out.println("created proxy " + name + " listening on " + p.getString("listen") + " -> " + upstream);
    }
  }

  @Command(name = "toggle", description = "Disable an enabled proxy (listener closed, live connections closed), or enable a disabled one.")
  static final class Toggle extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void act() {
      boolean enabled = new JsonObject(api.call("GET", "/proxies/" + name, null)).getBoolean("enabled");
      api.call("POST", "/proxies/" + name, new JsonObject().put("enabled", !enabled).encode());
      System.out.println("proxy " + name + " is now " + (enabled ? "disabled" : "enabled"));
    }
  }

  @Command(name = "delete", description = "Delete a proxy: its listener and live connections are closed.")
  static final class Delete extends ApiCommand {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    void act() {
      api.call("DELETE", "/proxies/" + name, null);
      System.out.println("deleted proxy " + name);
    }
  }
}
