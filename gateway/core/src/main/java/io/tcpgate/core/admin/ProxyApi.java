package io.tcpgate.core.admin;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.Balance;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.spi.CloseAction;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Toxiproxy's proxy endpoints: {@code GET/POST /proxies}, {@code GET/POST/PATCH/DELETE /proxies/{proxy}},
 * {@code POST /populate} (an unchanged proxy is kept, a changed one replaced), {@code POST /reset}. A proxy is a route: one created here is a route with one
 * backend ({@code upstream}); a route from the config file shows as a proxy whose {@code upstream} is its
 * first backend, with its {@code backends} and {@code policies} as extra fields.
 */
final class ProxyApi {
  private final Gateway gateway;

  ProxyApi(Gateway gateway) {
    this.gateway = gateway;
  }

  void mount(Router router) {
    router.get("/proxies").handler(ctx -> Api.run(ctx, this::all));
    router.post("/proxies").handler(ctx -> Api.runAsync(ctx, 201, () -> create(Api.body(ctx), false)));
    router.post("/populate").handler(ctx -> Api.runAsync(ctx, 201, () -> populate(Api.value(ctx))));
    router.post("/reset").handler(ctx -> Api.runAsync(ctx, 204, this::reset));
    router.get("/proxies/:proxy").handler(ctx -> Api.run(ctx, () -> json(running(ctx))));
    router.post("/proxies/:proxy").handler(ctx -> Api.runAsync(ctx, 200, () -> update(running(ctx), Api.body(ctx))));
    router.patch("/proxies/:proxy").handler(ctx -> Api.runAsync(ctx, 200, () -> update(running(ctx), Api.body(ctx))));
    router.delete("/proxies/:proxy").handler(ctx -> Api.runAsync(ctx, 204, () -> {
      running(ctx);
      return gateway.stopRoute(ctx.pathParam("proxy")).map(v -> null);
    }));
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

  static JsonObject json(Gateway.RunningRoute r) {
    RouteConfig c = r.runtime().config();
    return new JsonObject()
      .put("name", c.name())
      .put("listen", r.boundAddress().toString())
      .put("upstream", c.backends().get(0).toString())
      .put("enabled", r.enabled())
      .put("toxics", ToxicApi.toxics(r.runtime()))
      .put("backends", new JsonArray(c.backends().stream().map(Object::toString).toList()))
      .put("policies", new JsonArray(c.policies().stream().map(p -> p.entry()).toList()));
  }

  /** Creates a proxy; with {@code replace}, an existing one of that name is replaced unless it is the same. */
  private Future<JsonObject> create(JsonObject body, boolean replace) {
    checkFields(body);
    String name = field(body, "name");
    String upstream = field(body, "upstream");
    String listen = body.getValue("listen") instanceof String ? body.getString("listen") : "127.0.0.1:0";
    boolean enabled = !Boolean.FALSE.equals(body.getValue("enabled"));
    RouteConfig config;
    try {
      config = new RouteConfig(name, listen(listen), List.of(Address.parse(upstream, false)), Balance.ROUND_ROBIN,
        RouteConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS, CloseAction.FIN, RouteConfig.DEFAULT_BUFFER_BYTES, List.of());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": " + e.getMessage());
    }
    Gateway.RunningRoute existing = gateway.route(name);
    Future<?> before = Future.succeededFuture();
    if (existing != null) {
      if (!replace) {
        throw ApiError.conflict(ApiError.PROXY_EXISTS);
      }
      if (same(existing, config)) {
        return gateway.setEnabled(name, enabled).map(ProxyApi::json); // populate keeps an unchanged proxy, toxics and all
      }
      before = gateway.stopRoute(name);
    }
    return before.compose(v -> gateway.startRoute(config))
      .compose(r -> enabled ? Future.succeededFuture(r) : gateway.setEnabled(name, false))
      .map(ProxyApi::json);
  }

  private Future<JsonObject> update(Gateway.RunningRoute r, JsonObject body) {
    checkFields(body);
    String name = r.runtime().name();
    RouteConfig c = r.runtime().config();
    if (body.getValue("upstream") instanceof String && !body.getString("upstream").equals(c.backends().get(0).toString())) {
      try {
        r.runtime().reconfigure(new RouteConfig(c.name(), c.listen(), List.of(Address.parse(body.getString("upstream"), false)),
          c.balance(), c.connectTimeoutMillis(), c.connectFailure(), c.bufferBytes(), c.policies(), c.toxics()));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(ApiError.BAD_BODY + ": " + e.getMessage());
      }
    }
    Future<Gateway.RunningRoute> f = Future.succeededFuture(r);
    if (body.getValue("listen") instanceof String && !body.getString("listen").equals(r.boundAddress().toString())) {
      Address listen = listen(body.getString("listen"));
      f = f.compose(x -> gateway.relisten(name, listen));
    }
    Object enabled = body.getValue("enabled");
    if (enabled instanceof Boolean) {
      f = f.compose(x -> gateway.setEnabled(name, (Boolean) enabled));
    }
    return f.map(ProxyApi::json);
  }

  private Future<JsonObject> populate(Object body) {
    if (!(body instanceof JsonArray)) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": expected a list of proxies");
    }
    List<JsonObject> wanted = new ArrayList<>();
    for (Object o : (JsonArray) body) {
      if (!(o instanceof JsonObject)) {
        throw ApiError.badRequest(ApiError.BAD_BODY + ": expected a list of proxies");
      }
      field((JsonObject) o, "name");
      field((JsonObject) o, "upstream");
      wanted.add((JsonObject) o);
    }
    Future<JsonArray> chain = Future.succeededFuture(new JsonArray());
    for (JsonObject p : wanted) {
      chain = chain.compose(arr -> create(p, true).map(arr::add));
    }
    return chain.map(arr -> new JsonObject().put("proxies", arr));
  }

  private Future<?> reset() {
    List<Future<?>> all = new ArrayList<>();
    gateway.routes().forEach((name, r) -> {
      r.runtime().removeAllToxics();
      all.add(gateway.setEnabled(name, true));
    });
    return Future.all(all).map(v -> null);
  }

  /** Whether a running route already is what {@code wanted} describes (its upstream, and its listen unless port 0). */
  private static boolean same(Gateway.RunningRoute r, RouteConfig wanted) {
    Address listen = wanted.listen();
    return r.runtime().config().backends().equals(wanted.backends())
      && (listen.port() == 0 ? listen.host().equals(r.boundAddress().host()) : listen.equals(r.boundAddress()));
  }

  /** A listen address as Toxiproxy clients write it ({@code :8080} means every interface). */
  private static Address listen(String text) {
    try {
      return Address.parse(text.startsWith(":") ? "0.0.0.0" + text : text, true);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": " + e.getMessage());
    }
  }

  /** Fields a proxy body may hold, and their JSON types; anything else answers 400 naming the field. */
  private static final java.util.Map<String, Class<?>> PROXY_FIELDS = java.util.Map.of(
    "name", String.class, "listen", String.class, "upstream", String.class, "enabled", Boolean.class);

  private static void checkFields(JsonObject body) {
    for (String f : new java.util.TreeSet<>(body.fieldNames())) {
      Class<?> type = PROXY_FIELDS.get(f);
      if (type == null) {
        throw ApiError.badRequest(ApiError.BAD_BODY + ": unknown field '" + f + "'; known fields: enabled, listen, name, upstream");
      }
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
