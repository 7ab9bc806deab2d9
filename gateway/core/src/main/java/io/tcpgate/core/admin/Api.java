package io.tcpgate.core.admin;

import io.tcpgate.core.state.RuntimeStateException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** Runs API handlers and answers them: JSON bodies, 204 for nothing, Toxiproxy-shaped errors. */
final class Api {
  private Api() {
  }

  /** Answers with what {@code handler} returns: 200 and JSON, or 204 for null. */
  static void run(RoutingContext ctx, Supplier<Object> handler) {
    Object result;
    try {
      result = handler.get();
    } catch (ApiError e) {
      e.answer(ctx);
      return;
    }
    answer(ctx, 200, result);
  }

  /** Answers with {@code status} and the JSON the future gives (204 for null), or its error. */
  static void runAsync(RoutingContext ctx, int status, Supplier<Future<?>> handler) {
    Future<?> f;
    try {
      f = handler.get();
    } catch (ApiError e) {
      e.answer(ctx);
      return;
    }
    f.onComplete(ar -> {
      if (ar.failed()) {
        ApiError.answer(ctx, ar.cause());
      } else {
        answer(ctx, status, ar.result());
      }
    });
  }

  /**
   * Calls the runtime state and answers its refusals the Toxiproxy way: NOT_FOUND as 404 and CONFLICT
   * as 409 with the given messages (the state's own when null), INVALID as 400 naming the field.
   */
  static <T> Future<T> stateCall(Supplier<Future<T>> call, String notFound, String conflict) {
    Future<T> f;
    try {
      f = call.get();
    } catch (RuntimeStateException e) {
      f = Future.failedFuture(e);
    }
    return f.recover(e -> Future.failedFuture(e instanceof RuntimeStateException ? apiError((RuntimeStateException) e, notFound, conflict) : e));
  }

  private static ApiError apiError(RuntimeStateException e, String notFound, String conflict) {
    switch (e.kind()) {
      case NOT_FOUND:
        return ApiError.notFound(notFound != null ? notFound : e.getMessage());
      case CONFLICT:
        return ApiError.conflict(conflict != null ? conflict : e.getMessage());
      default:
        return ApiError.badRequest(ApiError.BAD_BODY + ": " + e.getMessage());
    }
  }

  static void answer(RoutingContext ctx, int status, Object body) {
    if (body == null) {
      ctx.response().setStatusCode(204).end();
      return;
    }
    String text = body instanceof JsonArray ? ((JsonArray) body).encode() : ((JsonObject) body).encode();
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(text);
  }

  /** The request's JSON object, or a 400 {@code bad request body}. */
  static JsonObject body(RoutingContext ctx) {
    Object v = value(ctx);
    if (!(v instanceof JsonObject)) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": expected a JSON object");
    }
    return (JsonObject) v;
  }

  /** The request's JSON value (object or array), or a 400 {@code bad request body} (an empty body too, as in Toxiproxy). */
  static Object value(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": the body is empty, JSON expected");
    }
    try {
      String t = text.trim();
      return t.startsWith("[") ? new JsonArray(t) : new JsonObject(t);
    } catch (DecodeException e) {
      throw ApiError.badRequest(ApiError.BAD_BODY + ": " + e.getMessage());
    }
  }
}
