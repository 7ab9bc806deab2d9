package io.tcpgate.core.admin;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.Version;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.PolicySpec;
import io.tcpgate.core.config.RouteConfig;
import io.tcpgate.core.relay.RelayConnection;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.core.state.RouteState;
import io.tcpgate.core.state.RuntimeState;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Policy;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The admin HTTP API (default 127.0.0.1:8474): {@code GET /health}, {@code GET /version},
 * {@code GET /health/live}, {@code GET /health/ready}, {@code GET /routes}, {@code GET /connections} (route, addresses, bytes each way, FIN received from
 * each side, open or closing, toxics acting, age), {@code DELETE /connections/{id}?action=fin|rst}, {@code GET /cluster}
 * (members, their routes and live connections), {@code GET /metrics}, and Toxiproxy's v2 API
 * ({@link ProxyApi}, {@link ToxicApi}); each GET endpoint answers HEAD too. A browser may only read ({@link BrowserRefusal}); with a token,
 * every other request needs it ({@link AdminAccess}).
 */
public final class AdminServer {
  /** Largest request body accepted, bytes (a populate of a few thousand proxies); a larger one answers 413. */
  public static final int MAX_BODY_BYTES = 1 << 20;
  /** How long {@code GET /connections} waits for the event loops of the connections it lists, ms. */
  static final long LISTING_WAIT_MILLIS = 1_000;
  private final Gateway gateway;
  /**
   * The HTTP server's options, HTTP/1.1 only: unless built with others, its decoder reads a request line of at
   * most 4096 bytes and headers of at most 8192 (Vert.x's defaults; the longest toxic name,
   * {@link io.tcpgate.core.config.ToxicSpecs#MAX_NAME_LENGTH}, rests on the first).
   */
  private final HttpServerOptions options;
  private HttpServer server;

  public AdminServer(Gateway gateway) {
    this(gateway, new HttpServerOptions());
  }

  /** An admin server whose HTTP server has {@code options} (its decoder's limits), but for HTTP/2, which stays off. */
  AdminServer(Gateway gateway, HttpServerOptions options) {
    this.gateway = gateway;
    // HTTP/1.1 only, as Toxiproxy's API: a cleartext HTTP/2 upgrade request (Java's HttpClient sends
    // one by default) is answered in HTTP/1.1 instead of switching protocols
    this.options = new HttpServerOptions(options).setHttp2ClearTextEnabled(false);
  }

  public Future<Void> start(Vertx vertx, String host, int port) {
    Router router = Router.router(vertx);
    router.route().handler(new BrowserRefusal());
    router.route().handler(new AdminAccess(gateway.config().admin().token()));
    // Every body is read as JSON whatever its Content-Type, as Toxiproxy reads it: without one the body
    // handler would decode a form (curl -d's default) as form fields, refusing one over 1 KiB with a bare
    // 400, and keep each part of a multipart body as a file on disk
    router.route().handler(ctx -> {
      ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
      ctx.next();
    });
    router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    new ProxyApi(gateway).mount(router);
    new ToxicApi(gateway, PolicyRegistry.load()).mount(router);
    router.get("/health").handler(this::health);
    router.get("/health/live").handler(ctx -> json(ctx, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
    router.get("/version").handler(ctx -> ctx.response().putHeader("content-type", "application/json")
      .end(new JsonObject().put("version", Version.VERSION).encode()));
    router.get("/routes").handler(ctx -> json(ctx, routes()));
    router.get("/connections").handler(this::connections);
    router.delete("/connections/:id").handler(this::closeConnection);
    router.get("/cluster").handler(this::cluster);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(gateway.metrics().registry()));
    answerHeadAsGet(router);
    // what no route answers gets the API's JSON error too, not the web router's HTML page or empty body
    router.errorHandler(404, ctx -> new ApiError(404, "no endpoint " + ctx.request().path()).answer(ctx));
    router.errorHandler(405, ctx -> new ApiError(405, "method " + ctx.request().method() + " not allowed on " + ctx.request().path()).answer(ctx));
    router.errorHandler(413, ctx -> new ApiError(413, "request body larger than " + MAX_BODY_BYTES + " bytes").answer(ctx));
    server = vertx.createHttpServer(options)
      .invalidRequestHandler(this::invalidRequest)
      .requestHandler(router);
    return server.listen(port, host).mapEmpty();
  }

  /**
   * A request the HTTP decoder could not read (a request line or headers over the limits of the server's
   * {@link #options}, which the error quotes; bad syntax) is answered with the API's JSON error too, where
   * Vert.x answers with an empty body; the connection is closed after it.
   */
  private void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error;
    if (cause instanceof TooLongHttpLineException) {
      error = new ApiError(414, "request line longer than " + options.getMaxInitialLineLength() + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new ApiError(431, "request headers larger than " + options.getMaxHeaderSize() + " bytes");
    } else {
      error = ApiError.badRequest("bad HTTP request: " + (cause == null ? "cannot be read" : cause.getMessage()));
    }
    error.answer(request.response());
  }

  /**
   * Every GET endpoint answers HEAD too, as HTTP asks: the same status and headers, without the body. Vert.x
   * leaves Content-Length out of a HEAD answer; it is set here to the length of the body left out, once the
   * handler has given the whole body.
   */
  private static void answerHeadAsGet(Router router) {
    router.getRoutes().stream().filter(r -> r.methods() != null && r.methods().contains(HttpMethod.GET))
      .forEach(r -> r.method(HttpMethod.HEAD));
    router.route().order(-1).method(HttpMethod.HEAD).handler(ctx -> {
      HttpServerResponse response = ctx.response();
      ctx.addHeadersEndHandler(v -> {
        if (response.ended() && !response.headers().contains(HttpHeaders.CONTENT_LENGTH)
            && !response.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
          response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(response.bytesWritten()));
        }
      });
      ctx.next();
    });
  }

  public int actualPort() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void health(RoutingContext ctx) {
    JsonObject body = new JsonObject()
      .put("status", "UP")
      .put("version", Version.VERSION)
      .put("transport", gateway.transport())
      .put("config", gateway.reloadStatus().toJson())
      .put("cluster", gateway.clusterView() == null ? new JsonObject().put("enabled", false)
        : new JsonObject().put("enabled", true).put("in_cluster", gateway.clusterView().inCluster()))
      .put("routes", routes());
    json(ctx, body);
  }

  /**
   * Readiness: 200 when every enabled route listens (the file's, and those of the runtime state) and,
   * in cluster mode, this node is in the cluster; 503 otherwise, with the reasons. (Liveness, {@code /health/live}, is 200 while the
   * process answers.)
   */
  private void ready(RoutingContext ctx) {
    JsonArray reasons = new JsonArray();
    if (gateway.clusterView() != null && !gateway.clusterView().inCluster()) {
      reasons.add("not in the cluster");
    }
    RuntimeState state = gateway.runtimeState();
    Map<String, String> problems = state == null ? Map.of() : new TreeMap<>(state.problems());
    gateway.config().routes().forEach(r -> {
      Gateway.RunningRoute running = gateway.route(r.name());
      RouteState s = state == null ? null : state.route(r.name());
      boolean wanted = s == null || s.enabled();
      if (!problems.containsKey(r.name()) && (running == null || wanted && !running.enabled())) {
        reasons.add("route '" + r.name() + "': does not listen on " + (running == null ? r.listen() : running.boundAddress()));
      }
    });
    problems.values().forEach(reasons::add);
    JsonObject body = new JsonObject().put("status", reasons.isEmpty() ? "UP" : "DOWN").put("reasons", reasons)
      .put("config", gateway.reloadStatus().toJson());
    ctx.response().setStatusCode(reasons.isEmpty() ? 200 : 503);
    json(ctx, body);
  }

  /** Standalone: this node only. Clustered: every member and its last report. */
  private void cluster(RoutingContext ctx) {
    if (gateway.clusterView() == null) {
      json(ctx, new JsonObject().put("enabled", false).put("size", 1).put("members", new JsonArray()
        .add(new JsonObject().put("id", "local").put("self", true).put("report", new JsonObject().put("routes", routes())))));
      return;
    }
    gateway.clusterView().snapshot().onSuccess(body -> json(ctx, body.put("enabled", true)))
      .onFailure(e -> ctx.response().setStatusCode(503).end(new JsonObject().put("error", String.valueOf(e.getMessage())).encode()));
  }

  private JsonArray routes() {
    JsonArray arr = new JsonArray();
    gateway.routes().forEach((name, r) -> arr.add(new JsonObject()
      .put("name", name)
      .mergeIn(r.addressesJson())
      .put("backends", new JsonArray(r.runtime().config().backends().stream().map(Object::toString).toList()))
      .put("balance", r.runtime().config().balance().wireName())
      .put("backends_tried_last", new JsonArray(r.runtime().backends().triedLast().stream().map(Object::toString).toList()))
      .put("toxics", new JsonArray(r.runtime().toxics().stream().map(t -> t.name()).toList()))
      .put("live_connections", r.runtime().stats().live())
      .put("total_connections", r.runtime().stats().total())
      .put("connect_failures", r.runtime().stats().connectFailures())
      .put("policies", policies(r.runtime().config()))
      .put("toxic_status", toxicStatus(r.runtime()))));
    return arr;
  }

  /** Each toxic of a route: its name, then what {@link #report} gives. */
  private static JsonArray toxicStatus(RouteRuntime route) {
    JsonArray arr = new JsonArray();
    for (RouteRuntime.NamedPolicy t : route.toxics()) {
      arr.add(new JsonObject().put("name", t.name()).mergeIn(report(t.spec())));
    }
    return arr;
  }

  /** A policy's type and what it reports about itself ({@link Policy#status()}). */
  private static JsonObject report(PolicySpec p) {
    return new JsonObject().put("type", p.type()).mergeIn(p.policy().status());
  }

  /** Each policy of a route, as {@link #report} gives it. */
  private static JsonArray policies(RouteConfig route) {
    JsonArray arr = new JsonArray();
    for (PolicySpec p : route.policies()) {
      arr.add(report(p));
    }
    return arr;
  }

  /**
   * {@code GET /connections}: each connection's row is made on its event loop, where the relay writes what
   * the row shows (nothing is added to the relay's path per chunk); a connection whose loop has not answered
   * within {@link #LISTING_WAIT_MILLIS} is listed with what any thread can read (id, route, client, state, age).
   */
  private void connections(RoutingContext ctx) {
    long now = System.nanoTime();
    List<JsonObject> partial = new ArrayList<>();
    List<Future<JsonObject>> rows = new ArrayList<>();
    gateway.runtimes().forEach(r -> {
      for (RelayConnection c : r.connections()) {
        partial.add(connection(r, c, now, false));
        rows.add(c.readOnLoop(() -> connection(r, c, now, true)));
      }
    });
    Context admin = Vertx.currentContext();
    Future.join(rows).timeout(LISTING_WAIT_MILLIS, TimeUnit.MILLISECONDS).onComplete(ar -> admin.runOnContext(v -> {
      JsonArray arr = new JsonArray();
      for (int i = 0; i < rows.size(); i++) {
        Future<JsonObject> row = rows.get(i);
        if (!row.succeeded()) {
          arr.add(partial.get(i));
        } else if (row.result() != null) { // null: ended meanwhile
          arr.add(row.result());
        }
      }
      json(ctx, arr);
    }));
  }

  /** One connection's row; with what the relay writes on the connection's event loop when {@code onLoop}. */
  private static JsonObject connection(RouteRuntime r, RelayConnection c, long now, boolean onLoop) {
    JsonObject row = new JsonObject().put("id", c.id()).put("route", r.name()).put("client", String.valueOf(c.clientAddress()));
    if (onLoop) {
      row.put("backend", c.backendAddress() == null ? null : c.backendAddress().toString())
        .put("bytes_upstream", c.bytes(Direction.UPSTREAM))
        .put("bytes_downstream", c.bytes(Direction.DOWNSTREAM))
        .put("client_fin", c.finReceived(Direction.UPSTREAM))
        .put("backend_fin", c.finReceived(Direction.DOWNSTREAM))
        .put("toxics", new JsonArray(c.policyNames()));
    }
    return row.put("state", c.isClosing() ? "closing" : "open").put("age_ms", (now - c.startNanos()) / 1_000_000);
  }

  /** {@code DELETE /connections/{id}?action=fin|rst}: closes one live connection (default fin); 204, or 404. */
  private void closeConnection(RoutingContext ctx) {
    CloseAction action = CloseAction.parse(ctx.queryParams().get("action") == null ? "fin" : ctx.queryParams().get("action"));
    if (action == null) {
      new ApiError(400, "action must be fin or rst").answer(ctx);
      return;
    }
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      ApiError.notFound("connection not found").answer(ctx);
      return;
    }
    for (RouteRuntime r : gateway.runtimes()) {
      for (RelayConnection c : r.connections()) {
        if (c.id() == id) {
          c.closeOnLoop(action, CloseCause.ADMIN);
          ctx.response().setStatusCode(204).end();
          return;
        }
      }
    }
    ApiError.notFound("connection not found").answer(ctx);
  }

  private static void json(RoutingContext ctx, Object body) {
    ctx.response().putHeader("content-type", "application/json").end(body instanceof JsonArray
      ? ((JsonArray) body).encodePrettily() : ((JsonObject) body).encodePrettily());
  }
}
