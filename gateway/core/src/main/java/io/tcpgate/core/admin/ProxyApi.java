package io.tcpgate.core.admin;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.state.RouteState;
import io.tcpgate.core.state.RuntimeState;
import io.tcpgate.core.state.RuntimeStateException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Toxiproxy's proxy endpoints: {@code GET/POST /proxies}, {@code GET/POST/PATCH/DELETE /proxies/{proxy}},
 * {@code POST /populate} (an unchanged proxy is kept, a changed one replaced), {@code POST /reset}. A
 * proxy is a route: one created here is a route with one backend ({@code upstream}), kept in the
 * runtime state (cluster-wide in cluster mode; every node runs it); a route from the config file shows
 * as a proxy whose {@code upstream} is its first backend, with its {@code backends} and
 * {@code policies} as extra fields, and can be enabled and disabled here but changed only in the file.
 * A listen port 0 is resolved here to a port free on this node, so every node listens on the same one.
 * Changes answer once they are in force on this node (see {@link RuntimeState}).
 */
final class ProxyApi {
  /**
   * Fields of a proxy body, and their JSON types (another type answers 400 naming the field). Other
   * fields are ignored, as Toxiproxy's JSON decoding ignores them: clients send a proxy back whole, with
   * fields of their own, and a populate may be given what {@code GET /proxies} lists ({@code toxics} …).
   */
  private static final Map<String, Class<?>> PROXY_FIELDS = Map.of(
    "name", String.class, "listen", String.class, "upstream", String.class, "enabled", Boolean.class);
  private final Gateway gateway;

  ProxyApi(Gateway gateway) {
    this.gateway = gateway;
  }

  void mount(Router router) {
    router.get("/proxies").handler(ctx -> Api.run(ctx, this::all));
    router.post("/proxies").handler(ctx -> Api.runAsync(ctx, 201, () -> create(Asked.of(Api.body(ctx)), false)));
    router.post("/populate").handler(ctx -> Api.runAsync(ctx, 201, () -> populate(Api.value(ctx))));
    router.post("/reset").handler(ctx -> Api.runAsync(ctx, 204, this::reset));
    router.get("/proxies/:proxy").handler(ctx -> Api.run(ctx, () -> json(running(ctx))));
    router.post("/proxies/:proxy").handler(ctx -> Api.runAsync(ctx, 200, () -> update(running(ctx), Api.body(ctx))));
    router.patch("/proxies/:proxy").handler(ctx -> Api.runAsync(ctx, 200, () -> update(running(ctx), Api.body(ctx))));
    router.delete("/proxies/:proxy").handler(ctx -> Api.runAsync(ctx, 204, () -> delete(running(ctx))));
  }

  private RuntimeState state() {
    return gateway.runtimeState();
  }

  private Gateway.RunningRoute running(RoutingContext ctx) {
    Gateway.RunningRoute r = gateway.route(ctx.pathParam("proxy"));
    if (r == null) {
      throw ApiError.notFound(ApiError.PROXY_NOT_FOUND);
    }
    return r;
  }

  private JsonObject all() {
    JsonObject out = new JsonObject();
    gateway.routes().forEach((name, r) -> out.put(name, json(r)));
    return out;
  }

  /** A proxy as Toxiproxy shows it; {@code error} says why it does not listen on this node, when it cannot. */
  private JsonObject json(Gateway.RunningRoute r) {
    var c = r.runtime().config();
    String problem = state() == null ? null : state().problem(c.name());
    JsonObject out = new JsonObject()
      .put("name", c.name())
      .put("listen", r.boundAddress().toString())
      .put("upstream", c.backends().get(0).toString())
      .put("enabled", r.enabled())
      .put("toxics", ToxicApi.toxics(r.runtime()))
      .put("backends", new JsonArray(c.backends().stream().map(Object::toString).toList()))
      .put("policies", new JsonArray(c.policies().stream().map(p -> p.entry()).toList()));
    return problem == null ? out : out.put("error", problem);
  }

  /** The proxy as it runs on this node once a change is in force; a 500 naming why when it could not start here. */
  private Future<JsonObject> now(String name) {
    Gateway.RunningRoute r = gateway.route(name);
    String problem = state().problem(name);
    if (r != null && problem == null) {
      return Future.succeededFuture(json(r));
    }
    return Future.failedFuture(new ApiError(500, problem != null ? problem : "proxy '" + name + "' is not running on this node"));
  }

  /** A proxy as a create or populate body asks for it (fields checked, addresses parsed; listen defaults to 127.0.0.1:0). */
  private record Asked(String name, Address upstream, Address listen, boolean enabled) {
    static Asked of(JsonObject body) {
      checkFields(body);
      return new Asked(field(body, "name"), ProxyApi.upstream(field(body, "upstream")),
        ProxyApi.listen(body.getValue("listen") instanceof String ? body.getString("listen") : "127.0.0.1:0"),
        !Boolean.FALSE.equals(body.getValue("enabled")));
    }
  }

  /**
   * Toxiproxy's reset, done as far as it can be: every toxic removed, every proxy that can listen here
   * enabled; then a 500 naming each proxy that does not listen on this node and why (its address taken
   * here), as Toxiproxy answers the error of a proxy it could not start.
   */
  private Future<Void> reset() {
    return Api.stateCall(() -> state().reset(), null, null).compose(v -> {
      List<String> notListening = new ArrayList<>();
      gateway.routes().forEach((name, r) -> {
        if (!r.enabled()) {
          String problem = state().problem(name);
          notListening.add(problem != null ? problem : "proxy '" + name + "' is not listening on this node");
        }
      });
      return notListening.isEmpty() ? Future.succeededFuture()
        : Future.failedFuture(new ApiError(500, "reset: not every proxy listens on this node: " + String.join("; ", notListening)));
    });
  }

  /** Creates a proxy; with {@code replace}, an existing one of that name is replaced unless it is the same. */
  private Future<JsonObject> create(Asked asked, boolean replace) {
    String name = asked.name();
    Address upstream = asked.upstream();
    Address listen = asked.listen();
    boolean enabled = asked.enabled();
    Gateway.RunningRoute existing = gateway.route(name);
    if (existing == null) {
      JsonObject definition = definition(name, withFreePort(listen), upstream);
      return Api.stateCall(() -> state().createRoute(definition, enabled), ApiError.PROXY_NOT_FOUND, ApiError.PROXY_EXISTS)
        .compose(s -> now(name).recover(e -> state().deleteRoute(name).transform(ar -> Future.failedFuture(e)))); // nothing half-made
    }
    if (!replace) {
      throw ApiError.conflict(ApiError.PROXY_EXISTS);
    }
    if (same(existing, upstream, listen)) { // populate keeps an unchanged proxy, toxics and all
      return Api.stateCall(() -> state().setEnabled(name, enabled), ApiError.PROXY_NOT_FOUND, null).compose(s -> now(name));
    }
    fileRouteIsChangedInTheFile(name);
    JsonObject definition = definition(name, withFreePort(listen), upstream); // a new proxy: the old one's toxics go
    return Api.stateCall(() -> state().replaceRoute(definition, enabled), ApiError.PROXY_NOT_FOUND, null).compose(s -> now(name));
  }

  private Future<JsonObject> update(Gateway.RunningRoute r, JsonObject body) {
    checkFields(body);
    String name = r.runtime().name();
    if (body.getValue("name") != null && !name.equals(body.getValue("name"))) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": name: a proxy's name cannot change (is " + name + "): create one of the new name");
    }
    var c = r.runtime().config();
    Address upstream = body.getValue("upstream") instanceof String ? upstream(body.getString("upstream")) : c.backends().get(0);
    Address listen = body.getValue("listen") instanceof String ? listen(body.getString("listen")) : r.listen();
    boolean moved = !listen.equals(r.listen()) && !listen.equals(c.listen()) && !listen.equals(r.boundAddress());
    JsonObject definition = null;
    if (!upstream.equals(c.backends().get(0)) || moved) {
      fileRouteIsChangedInTheFile(name);
      definition = definition(name, moved ? withFreePort(listen) : c.listen(), upstream);
    }
    JsonObject changed = definition;
    Object enabled = body.getValue("enabled");
    RouteState before = state().route(name);
    // The enabled flag changes only once the rest is in force here: a disable closes the live
    // connections, which no undo brings back.
    Future<JsonObject> rest = changed == null ? Future.succeededFuture() : applied(name, before, () -> state().updateRoute(changed));
    return rest.compose(x -> enabled instanceof Boolean ? applied(name, before, () -> state().setEnabled(name, (Boolean) enabled)) : now(name));
  }

  /** Makes one change and answers the proxy as it then runs here; when this node cannot apply it, the route is put back as {@code before}. */
  private Future<JsonObject> applied(String name, RouteState before, Supplier<Future<RouteState>> change) {
    return Api.stateCall(change, ApiError.PROXY_NOT_FOUND, null)
      .compose(s -> now(name).recover(e -> state().restoreRoute(name, before).transform(ar -> Future.failedFuture(e)))); // nothing half-made
  }

  private Future<Void> delete(Gateway.RunningRoute r) {
    String name = r.runtime().name();
    if (gateway.isFileRoute(name)) {
      throw ApiError.conflict("proxy '" + name + "' is defined in the config file: disable it (enabled: false), or remove it there");
    }
    return Api.stateCall(() -> state().deleteRoute(name), ApiError.PROXY_NOT_FOUND, null);
  }

  private Future<JsonObject> populate(Object body) {
    if (!(body instanceof JsonArray)) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": expected a list of proxies");
    }
    List<Asked> wanted = new ArrayList<>();
    JsonArray list = (JsonArray) body;
    for (int i = 0; i < list.size(); i++) {
      // a bad entry is named by its place in the list, as Toxiproxy names it ("… at proxy 2")
      if (!(list.getValue(i) instanceof JsonObject)) {
        throw ApiError.badRequest(ApiError.BAD_BODY + ": expected a list of proxies, got " + list.getValue(i) + " at proxy " + (i + 1));
      }
      try {
        wanted.add(Asked.of(list.getJsonObject(i)));
      } catch (ApiError e) {
        throw new ApiError(e.status, e.getMessage() + " at proxy " + (i + 1));
      }
    }
    Set<String> names = new HashSet<>();
    for (Asked p : wanted) {
      if (!names.add(p.name())) {
        throw ApiError.badRequest(ApiError.BAD_BODY + ": proxy '" + p.name() + "' is listed twice");
      }
      checkReplacement(p); // a bad entry changes nothing
    }
    // Applied one by one; when one cannot be (its listen address taken here), those before it are undone.
    // A running proxy asked disabled is disabled last, once every entry is in force: a disable closes
    // its live connections, which no undo brings back.
    Map<String, RouteState> before = new LinkedHashMap<>();
    Set<String> disableLast = new HashSet<>();
    Future<JsonArray> chain = Future.succeededFuture(new JsonArray());
    for (Asked p : wanted) {
      chain = chain.compose(arr -> {
        before.put(p.name(), state().route(p.name()));
        Gateway.RunningRoute r = gateway.route(p.name());
        if (!p.enabled() && r != null && r.enabled()) {
          disableLast.add(p.name());
          return create(new Asked(p.name(), p.upstream(), p.listen(), true), true).map(arr::add);
        }
        return create(p, true).map(arr::add);
      });
    }
    chain = chain.compose(arr -> disable(arr, disableLast));
    return chain.map(arr -> new JsonObject().put("proxies", arr)).recover(e -> {
      Future<Void> undone = Future.succeededFuture();
      for (Map.Entry<String, RouteState> b : before.entrySet()) {
        undone = undone.transform(ar -> state().restoreRoute(b.getKey(), b.getValue()));
      }
      return undone.transform(ar -> Future.failedFuture(e));
    });
  }

  /** Disables the proxies of {@code names} among those {@code proxies} shows, one by one, and shows them disabled. */
  private Future<JsonArray> disable(JsonArray proxies, Set<String> names) {
    Future<JsonArray> f = Future.succeededFuture(proxies);
    for (int i = 0; i < proxies.size(); i++) {
      int at = i;
      String name = proxies.getJsonObject(i).getString("name");
      if (names.contains(name)) {
        f = f.compose(arr -> Api.stateCall(() -> state().setEnabled(name, false), ApiError.PROXY_NOT_FOUND, null)
          .compose(s -> now(name)).map(shown -> arr.set(at, shown)));
      }
    }
    return f;
  }

  /** What {@link #create} with replace would refuse for this proxy, thrown before anything changes. */
  private void checkReplacement(Asked asked) {
    Gateway.RunningRoute existing = gateway.route(asked.name());
    if (existing != null && same(existing, asked.upstream(), asked.listen())) {
      return;
    }
    if (existing != null) {
      fileRouteIsChangedInTheFile(asked.name());
    }
    try {
      state().checkRoute(definition(asked.name(), asked.listen(), asked.upstream()));
    } catch (RuntimeStateException e) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": " + e.getMessage());
    }
  }

  /** A 409 when {@code name} is a route of the config file: its listen and backends change there only. */
  private void fileRouteIsChangedInTheFile(String name) {
    if (gateway.isFileRoute(name)) {
      throw ApiError.conflict("proxy '" + name + "' is defined in the config file: change its listen and upstream there");
    }
  }

  /**
   * Whether a running route already is what is asked: its upstream (a file route's first backend, as it
   * shows it), and its listen as shown (the IP bound), as bound or as configured (a wildcard the node's
   * address replaced), by host only when port 0 is asked.
   */
  private static boolean same(Gateway.RunningRoute r, Address upstream, Address listen) {
    Address configured = r.runtime().config().listen();
    Address shown = r.boundAddress();
    boolean listenSame = listen.port() == 0
      ? listen.host().equals(r.listen().host()) || listen.host().equals(configured.host()) || listen.host().equals(shown.host())
      : listen.equals(r.listen()) || listen.equals(configured) || listen.equals(shown);
    return r.runtime().config().backends().get(0).equals(upstream) && listenSame;
  }

  /** A runtime route definition ({@code routes[]} object as in the config file). */
  private static JsonObject definition(String name, Address listen, Address upstream) {
    return new JsonObject().put("name", name).put("listen", listen.toString())
      .put("backends", new JsonArray().add(upstream.toString()));
  }

  private Address withFreePort(Address listen) {
    try {
      return gateway.withFreePort(listen);
    } catch (IOException e) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": listen: cannot listen on " + listen + ": " + e.getMessage());
    }
  }

  /** A listen address as Toxiproxy clients write it ({@code :8080} means every interface). */
  private static Address listen(String text) {
    try {
      return Address.parse(text.startsWith(":") ? "0.0.0.0" + text : text, true);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": listen: " + e.getMessage());
    }
  }

  private static Address upstream(String text) {
    try {
      return Address.parse(text, false);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": upstream: " + e.getMessage());
    }
  }

  private static void checkFields(JsonObject body) {
    for (String f : new TreeSet<>(PROXY_FIELDS.keySet())) {
      Class<?> type = PROXY_FIELDS.get(f);
      Object v = body.getValue(f);
      if (v != null && !type.isInstance(v)) {
        throw ApiError.badRequest(ApiError.BAD_BODY + ": field '" + f + "' must be a "
          + (type == Boolean.class ? "boolean" : "string"));
      }
    }
  }

  private static String field(JsonObject body, String name) {
    Object v = body.getValue(name);
    if (!(v instanceof String) || ((String) v).isEmpty()) {
      throw ApiError.badRequest(ApiError.MISSING_FIELD + ": " + name);
    }
    return (String) v;
  }
}
