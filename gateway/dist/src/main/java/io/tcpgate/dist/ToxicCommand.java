package io.tcpgate.dist;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tcpgate toxic add|update|remove}: toxics of a proxy through the API (Toxiproxy's CLI options). */
@Command(name = "toxic", mixinStandardHelpOptions = true, description = "Add, update and remove toxics of a proxy.",
    subcommands = {ToxicCommand.Add.class, ToxicCommand.Update.class, ToxicCommand.Remove.class})
final class ToxicCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add, update or remove (see --help)");
  }

  /** {@code -a key=value} attributes: whole numbers and decimals are sent as numbers. */
  static JsonObject attributes(Map<String, String> given) {
    JsonObject out = new JsonObject();
    given.forEach((k, v) -> {
      try {
        out.put(k, v.matches("-?\\d+") ? (Object) Long.parseLong(v) : (Object) Double.parseDouble(v));
      } catch (NumberFormatException e) {
        out.put(k, v);
      }
    });
    return out;
  }

  @Command(name = "add", description = "Add a toxic, e.g. toxic add -t latency -a latency=100 -a jitter=10 PROXY")
  static final class Add extends ApiCommand {
    @Parameters(paramLabel = "PROXY")
    String proxy;
    @Option(names = {"-t", "--type"}, required = true, description = "latency, bandwidth, slow_close, timeout, reset_peer, slicer, limit_data, packet_loss, fin_drop, …")
    String type;
    @Option(names = {"-n", "--toxicName"}, description = "default: TYPE_STREAM")
    String name;
    @Option(names = {"-u", "--upstream"}, description = "act on client->backend bytes (default: downstream)")
    boolean upstream;
    @Option(names = {"-d", "--downstream"}, description = "act on backend->client bytes (the default)")
    boolean downstream;
    @Option(names = {"--tox", "--toxicity"}, defaultValue = "1.0", description = "toxicity, 0..1 (default ${DEFAULT-VALUE})")
    double toxicity;
    @Option(names = {"-a", "--attribute"}, paramLabel = "KEY=VALUE")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    void act() {
      JsonObject body = new JsonObject().put("type", type).put("stream", upstream ? "upstream" : "downstream")
        .put("toxicity", toxicity).put("attributes", attributes(attributes));
      if (name != null) {
        body.put("name", name);
      }
      JsonObject t = new JsonObject(api.call("POST", "/proxies/" + proxy + "/toxics", body.encode()));
      System.out.println("added " + t.getString("stream") + " " + type + " toxic '" + t.getString("name") + "' on proxy " + proxy);
    }
  }

  @Command(name = "update", description = "Update a toxic's attributes or toxicity, e.g. toxic update -n slow -a latency=500 PROXY")
  static final class Update extends ApiCommand {
    @Parameters(paramLabel = "PROXY")
    String proxy;
    @Option(names = {"-n", "--toxicName"}, required = true)
    String name;
    @Option(names = {"--tox", "--toxicity"}, description = "toxicity, 0..1")
    Double toxicity;
    @Option(names = {"-a", "--attribute"}, paramLabel = "KEY=VALUE")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    void act() {
      JsonObject body = new JsonObject().put("attributes", attributes(attributes));
      if (toxicity != null) {
        body.put("toxicity", toxicity);
      }
      api.call("PATCH", "/proxies/" + proxy + "/toxics/" + name, body.encode());
      System.out.println("updated toxic '" + name + "' on proxy " + proxy);
    }
  }

  @Command(name = "remove", description = "Remove a toxic; what it holds is delivered first.")
  static final class Remove extends ApiCommand {
    @Parameters(paramLabel = "PROXY")
    String proxy;
    @Option(names = {"-n", "--toxicName"}, required = true)
    String name;

    @Override
    void act() {
      api.call("DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
      System.out.println("removed toxic '" + name + "' from proxy " + proxy);
    }
  }
}
