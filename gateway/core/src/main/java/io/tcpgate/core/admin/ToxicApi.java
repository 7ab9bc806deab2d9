package io.tcpgate.core.admin;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.ToxicSpecs;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.core.state.Toxic;
import io.tcpgate.spi.ProblemText;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Toxiproxy's toxic endpoints: {@code GET/POST /proxies/{proxy}/toxics},
 * {@code GET/POST/PATCH/DELETE /proxies/{proxy}/toxics/{toxic}}. Toxics are kept in the runtime state
 * (cluster-wide in cluster mode) and a change answers once it is in force on every live connection of
 * this node (applied between chunks; nothing waits for data to drain). Toxics declared in the config
 * file are listed too, but change only with the file. A body's fields other than a toxic's
 * ({@link ToxicSpecs#FIELDS}) are ignored, as Toxiproxy's JSON decoding ignores them (a client sends a
 * toxic back whole, with fields of its own); unknown attributes are refused.
 */
final class ToxicApi {
  /** What an update cannot change. */
  private static final Set<String> FIXED_FIELDS = Set.of("name", "type", "stream");
  private final Gateway gateway;
  private final PolicyRegistry registry;
  /** The last toxic change this node was asked for; each waits for the one before (see {@link #inTurn}). */
  private Future<?> lastChange = Future.succeededFuture();

  ToxicApi(Gateway gateway, PolicyRegistry registry) {
    this.gateway = gateway;
    this.registry = registry;
  }

  void mount(Router router) {
    router.get("/proxies/:proxy/toxics").handler(ctx -> Api.run(ctx, () -> toxics(route(ctx))));
    router.post("/proxies/:proxy/toxics").handler(ctx -> Api.runAsync(ctx, 200, () -> inTurn(() -> create(route(ctx), Api.body(ctx)))));
    router.get("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.run(ctx, () -> find(route(ctx), ctx.pathParam("toxic")).entry()));
    router.post("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.runAsync(ctx, 200, () -> inTurn(() -> update(route(ctx), ctx.pathParam("toxic"), Api.body(ctx)))));
    router.patch("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.runAsync(ctx, 200, () -> inTurn(() -> update(route(ctx), ctx.pathParam("toxic"), Api.body(ctx)))));
    router.delete("/proxies/:proxy/toxics/:toxic").handler(ctx -> Api.runAsync(ctx, 204, () -> inTurn(() -> delete(route(ctx), ctx.pathParam("toxic")))));
  }

  /**
   * Runs {@code change} once the change asked for before it has answered, so an update merges into
   * what the previous one left (two partial updates at once both hold, as Toxiproxy's lock makes them).
   */
  private synchronized <T> Future<T> inTurn(Supplier<Future<T>> change) {
    Future<T> next = lastChange.transform(previous -> {
      try {
        return change.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    lastChange = next;
    return next;
  }

  private RouteRuntime route(RoutingContext ctx) {
    Gateway.RunningRoute r = gateway.route(ctx.pathParam("proxy"));
    if (r == null) {
      throw ApiError.notFound(ApiError.PROXY_NOT_FOUND);
    }
    return r.runtime();
  }

  /** A route's toxics as Toxiproxy lists them: the upstream ones first, then the downstream ones, each in the order added. */
  static JsonArray toxics(RouteRuntime route) {
    JsonArray arr = new JsonArray();
    for (String stream : List.of("upstream", "downstream")) {
      route.toxics().stream().filter(t -> stream.equals(t.spec().entry().getString("stream"))).forEach(t -> arr.add(t.spec().entry()));
    }
    return arr;
  }

  private static PolicySpec find(RouteRuntime route, String name) {
    return route.toxics().stream().filter(t -> t.name().equals(name)).findFirst()
      .orElseThrow(() -> ApiError.notFound(ApiError.TOXIC_NOT_FOUND)).spec();
  }

  private Future<JsonObject> create(RouteRuntime route, JsonObject body) {
    PolicySpec spec = parse(body);
    String name = ToxicSpecs.name(spec);
    if (route.toxics().stream().anyMatch(t -> t.name().equals(name))) {
      throw ApiError.conflict(ApiError.TOXIC_EXISTS);
    }
    return Api.stateCall(() -> gateway.runtimeState().addToxic(route.name(), Toxic.fromEntry(spec.entry())),
      ApiError.PROXY_NOT_FOUND, ApiError.TOXIC_EXISTS).map(spec.entry());
  }

  /**
   * Merges {@code body} into the toxic (attributes one by one, as Toxiproxy does) and replaces it. Its
   * name, type and stream stay: a body may repeat them (a client sending the whole toxic back), not change them.
   */
  private Future<JsonObject> update(RouteRuntime route, String name, JsonObject body) {
    JsonObject merged = find(route, name).entry().copy();
    declaredInTheFile(route, name);
    for (String field : body.fieldNames()) {
      if (FIXED_FIELDS.contains(field) && body.getValue(field) != null && !merged.getValue(field).equals(body.getValue(field))) {
        throw ApiError.badRequest(ApiError.BAD_BODY + ": " + field + ": a toxic's " + field + " cannot change (is "
          + merged.getValue(field) + "): delete the toxic and create it again");
      }
    }
    JsonObject attributes = merged.getJsonObject("attributes", new JsonObject()).copy();
    Object newAttributes = body.getValue("attributes");
    if (newAttributes != null && !(newAttributes instanceof JsonObject)) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": attributes: expected an object, got " + ProblemText.value(newAttributes)); // as a create says it
    }
    if (newAttributes != null) {
      ((JsonObject) newAttributes).forEach(a -> {
        if (a.getValue() != null) { // null leaves the attribute as it is, as in Toxiproxy
          attributes.put(a.getKey(), a.getValue());
        }
      });
    }
    for (String field : body.fieldNames()) {
      // null leaves it as it is, as in Toxiproxy; a field a toxic does not have is dropped by parse, as on create
      if (!"attributes".equals(field) && body.getValue(field) != null) {
        merged.put(field, body.getValue(field));
      }
    }
    merged.put("attributes", attributes).put("name", name);
    PolicySpec spec = parse(merged);
    return Api.stateCall(() -> gateway.runtimeState().updateToxic(route.name(), Toxic.fromEntry(spec.entry())),
      ApiError.TOXIC_NOT_FOUND, null).map(spec.entry());
  }

  private Future<Void> delete(RouteRuntime route, String name) {
    find(route, name);
    declaredInTheFile(route, name);
    return Api.stateCall(() -> gateway.runtimeState().removeToxic(route.name(), name), ApiError.TOXIC_NOT_FOUND, null);
  }

  /** A 409 for a toxic declared in the config file: it changes with the file only. */
  private static void declaredInTheFile(RouteRuntime route, String name) {
    if (route.config().declaresToxic(name)) {
      throw ApiError.conflict("toxic '" + name + "' is declared in the config file: change or remove it there");
    }
  }

  /**
   * A toxic as written through the API; a field given as null is taken as absent (its default), and a
   * field a toxic does not have is ignored, as in Toxiproxy.
   */
  private PolicySpec parse(JsonObject body) {
    JsonObject given = body.copy();
    given.fieldNames().removeIf(f -> given.getValue(f) == null || !ToxicSpecs.FIELDS.contains(f));
    if (given.getValue("attributes") instanceof JsonObject attributes) {
      attributes.fieldNames().removeIf(a -> attributes.getValue(a) == null); // null is absent: its default, as in Toxiproxy
    }
    try {
      return ToxicSpecs.parse(registry, given);
    } catch (ToxicSpecs.InvalidToxicException e) {
      throw ApiError.invalidToxic(e);
    }
  }
}
