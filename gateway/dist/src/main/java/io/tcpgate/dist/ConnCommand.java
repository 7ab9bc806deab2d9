package io.tcpgate.dist;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tcpgate conn list|kill}: live connections through the API. */
@Command(name = "conn", mixinStandardHelpOptions = true, description = "List live connections, or close one with FIN or RST.",
    subcommands = {ConnCommand.ListConnections.class, ConnCommand.Kill.class})
final class ConnCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: list or kill (see --help)");
  }

  @Command(name = "list", description = "List live connections: id, route, client, backend, bytes each way, FINs seen, open or closing, toxics, age.")
  static final class ListConnections extends ApiCommand {

    @Override
    void act() {
      JsonArray all = new JsonArray(api.call("GET", "/connections", null));
      System.out.printf("%-6s %-14s %-22s %-22s %10s %10s %-9s %-7s %-20s %s%n",
        "ID", "ROUTE", "CLIENT", "BACKEND", "UP", "DOWN", "FIN", "STATE", "TOXICS", "AGE");
      for (int i = 0; i < all.size(); i++) {
        JsonObject c = all.getJsonObject(i);
        String fin = (c.getBoolean("client_fin", false) ? "client" : "") + (c.getBoolean("backend_fin", false) ? "+backend" : "");
        System.out.printf("%-6d %-14s %-22s %-22s %10s %10s %-9s %-7s %-20s %dms%n", c.getLong("id"), c.getString("route"),
          c.getString("client"), shown(c, "backend"), shown(c, "bytes_upstream"), shown(c, "bytes_downstream"),
          fin.isEmpty() ? "-" : fin, c.getString("state", "-"),
          String.join(",", c.getJsonArray("toxics", new JsonArray()).stream().map(String::valueOf).toList()), c.getLong("age_ms"));
      }
    }

    /** A field's value, or "-" when the row has none (no backend yet; a row listed without its counts). */
    private static String shown(JsonObject row, String field) {
      Object value = row.getValue(field);
      return value == null ? "-" : value.toString();
    }
  }

  @Command(name = "kill", description = "Close a live connection: with FIN (default, bytes in flight delivered) or RST (--rst).")
  static final class Kill extends ApiCommand {
    @Parameters(paramLabel = "ID")
    long id;
    @Option(names = "--rst", description = "reset both sides instead of closing with FIN")
    boolean rst;

    @Override
    void act() {
      api.call("DELETE", "/connections/" + id + "?action=" + (rst ? "rst" : "fin"), null);
      System.out.println("closed connection " + id + " with " + (rst ? "RST" : "FIN"));
    }
  }
}
