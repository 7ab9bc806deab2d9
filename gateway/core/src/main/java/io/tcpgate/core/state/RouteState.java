package io.tcpgate.core.state;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The runtime state of one route: what the runtime API changed, never what the file says.
 *
 * @param name the route's name
 * @param definition a route created at run time (a proxy): its {@code routes[]} object as in the config
 *     file; null for a route of the file that only carries runtime toxics or an enabled flag
 * @param enabled false: the route does not listen (its live connections were closed with FIN)
 * @param toxics in insertion order; a replaced toxic keeps its place
 * @param version bumped on every change of this route (last writer wins per route, see CLUSTER.md)
 * @param origin the node that made the last change (for /cluster and logs)
 */
public record RouteState(String name, JsonObject definition, boolean enabled, List<Toxic> toxics, long version, String origin) {
  public RouteState {
    toxics = List.copyOf(toxics);
  }

  /** A route of the file with no runtime change yet. */
  public static RouteState empty(String name) {
    return new RouteState(name, null, true, List.of(), 0, null);
  }

  /** True when nothing is left to remember: a file route, enabled, without toxics. */
  public boolean isEmpty() {
    return definition == null && enabled && toxics.isEmpty();
  }

  /** The names of its toxics. */
  public Set<String> toxicNames() {
    return toxics.stream().map(Toxic::name).collect(Collectors.toUnmodifiableSet());
  }

  public Toxic toxic(String toxicName) {
    return toxics.stream().filter(t -> t.name().equals(toxicName)).findFirst().orElse(null);
  }

  /** With {@code t} added at the end, or replacing the toxic of the same name in place. */
  public RouteState withToxic(Toxic t, String by) {
    List<Toxic> next = new ArrayList<>(toxics);
    int i = next.indexOf(toxic(t.name()));
    if (i >= 0) {
      next.set(i, t);
    } else {
      next.add(t);
    }
    return new RouteState(name, definition, enabled, next, version + 1, by);
  }

  public RouteState withoutToxic(String toxicName, String by) {
    List<Toxic> next = new ArrayList<>(toxics);
    next.removeIf(t -> t.name().equals(toxicName));
    return new RouteState(name, definition, enabled, next, version + 1, by);
  }

  public RouteState withEnabled(boolean on, String by) {
    return new RouteState(name, definition, on, toxics, version + 1, by);
  }

  public RouteState withDefinition(JsonObject def, String by) {
    return new RouteState(name, def, enabled, toxics, version + 1, by);
  }

  public JsonObject toJson() {
    JsonArray arr = new JsonArray();
    toxics.forEach(t -> arr.add(t.toJson()));
    return new JsonObject().put("name", name).put("definition", definition).put("enabled", enabled)
      .put("toxics", arr).put("version", version).put("origin", origin);
  }

  public static RouteState fromJson(JsonObject o) {
    List<Toxic> list = new ArrayList<>();
    o.getJsonArray("toxics", new JsonArray()).forEach(t -> list.add(Toxic.fromJson((JsonObject) t)));
    return new RouteState(o.getString("name"), o.getJsonObject("definition"), o.getBoolean("enabled", true), list,
      o.getLong("version", 0L), o.getString("origin"));
  }
}
