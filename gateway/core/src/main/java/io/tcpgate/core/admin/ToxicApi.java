package io.tcpgate.core.admin;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.ToxicSpecs;
import io.tcpgate.core.route.RouteRuntime;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Toxiproxy's toxic endpoints: {@code GET/POST /proxies/{proxy}/toxics},
 * {@code GET/POST/PATCH/DELETE /proxies/{proxy}/toxics/{toxic}}. A change is handed to each live
 * connection's event loop and answered at once: the API never waits on the data path.
 */
final class ToxicApi {
  private final Gateway gateway;
  private final PolicyRegistry registry;

  ToxicApi(Gateway gateway, PolicyRegistry registry) {
    this.gateway = gateway;
    this.registry = registry;
  }

  void mount(Router router) {
    router.get("/proxies/:proxy/toxics").handler(ctx -> Api.run(ctx, () -> toxics(route(ctx))));
    // changes answer once they are in force on the live connections (applied between chunks, no draining)
    router.post("/proxies/:proxy/toxics").handler(ctx -> Api.runAsync(ctx, 200, () -> {
      RouteRuntime route = route(ctx);
      JsonObject created = create(route, Api.body(ctx));
      return route.applied().map(created);
    }));
    router.get("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.run(ctx, () -> find(route(ctx), ctx.pathParam("toxic")).entry()));
    router.post("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.runAsync(ctx, 200, () -> updated(ctx)));
    router.patch("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.runAsync(ctx, 200, () -> updated(ctx)));
    router.delete("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.runAsync(ctx, 204, () -> {
      RouteRuntime route = route(ctx);
      if (!route.removeToxic(ctx.pathParam("toxic"))) {
        throw ApiError.notFound(ApiError.TOXIC_NOT_FOUND);
      }
      return route.applied().map(v -> null);
    }));
  }

  private Future<JsonObject> updated(RoutingContext ctx) {
    RouteRuntime route = route(ctx);
    JsonObject toxic = update(route, ctx.pathParam("toxic"), Api.body(ctx));
    return route.applied().map(toxic);
  }

  private RouteRuntime route(RoutingContext ctx) {
    Gateway.RunningRoute r = gateway.route(ctx.pathParam("proxy"));
    if (r == null) {
      throw ApiError.notFound(ApiError.PROXY_NOT_FOUND);
    }
    return r.runtime();
  }

  static JsonArray toxics(RouteRuntime route) {
    JsonArray arr = new JsonArray();
    route.toxics().forEach(t -> arr.add(t.spec().entry()));
    return arr;
  }

  private PolicySpec find(RouteRuntime route, String name) {
    return route.toxics().stream().filter(t -> t.name().equals(name)).findFirst()
      .orElseThrow(() -> ApiError.notFound(ApiError.TOXIC_NOT_FOUND)).spec();
  }

  JsonObject create(RouteRuntime route, JsonObject body) {
    PolicySpec spec = parse(body);
    if (!route.addToxic(ToxicSpecs.name(spec), spec)) {
      throw ApiError.conflict(ApiError.TOXIC_EXISTS);
    }
    return spec.entry();
  }

  /** Merges {@code body} into the toxic (attributes one by one, as Toxiproxy does) and replaces it. */
  private JsonObject update(RouteRuntime route, String name, JsonObject body) {
    JsonObject merged = find(route, name).entry().copy();
    JsonObject attributes = merged.getJsonObject("attributes", new JsonObject()).copy();
    Object newAttributes = body.getValue("attributes");
    if (newAttributes != null && !(newAttributes instanceof JsonObject)) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": attributes must be an object");
    }
    if (newAttributes != null) {
      attributes.mergeIn((JsonObject) newAttributes);
    }
    for (String field : new String[] {"toxicity", "ttl", "match", "seed"}) {
      if (body.containsKey(field)) {
        merged.put(field, body.getValue(field));
      }
    }
    merged.put("attributes", attributes).put("name", name);
    PolicySpec spec = parse(merged);
    if (!route.replaceToxic(name, spec)) {
      throw ApiError.notFound(ApiError.TOXIC_NOT_FOUND);
    }
    return spec.entry();
  }

  private PolicySpec parse(JsonObject body) {
    try {
      return ToxicSpecs.parse(registry, body);
    } catch (ToxicSpecs.InvalidToxicException e) {
      if ("type".equals(e.field())) {
        throw ApiError.badRequest(ApiError.INVALID_TYPE);
      }
      if ("stream".equals(e.field())) {
        throw ApiError.badRequest(ApiError.INVALID_STREAM);
      }
      throw ApiError.badRequest(ApiError.BAD_BODY + ": " + e.field() + ": " + e.getMessage());
    }
  }
}
