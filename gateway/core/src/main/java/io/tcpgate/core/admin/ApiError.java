package io.tcpgate.core.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** An API error answered the way Toxiproxy answers it: {@code {"error": "...", "status": N}}. */
final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  static final String PROXY_NOT_FOUND = "proxy not found";
  static final String PROXY_EXISTS = "proxy already exists";
  static final String TOXIC_NOT_FOUND = "toxic not found";
  static final String TOXIC_EXISTS = "toxic already exists";
  static final String INVALID_TYPE = "invalid toxic type";
  static final String INVALID_STREAM = "stream was invalid, can be either upstream or downstream";
  static final String BAD_BODY = "bad request body";
  static final String MISSING_FIELD = "missing required field";

  final int status;

  ApiError(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  static ApiError conflict(String message) {
    return new ApiError(409, message);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  /** Answers {@code ctx} with this error. */
  void answer(RoutingContext ctx) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json")
      .end(new JsonObject().put("error", getMessage()).put("status", status).encode() + "\n");
  }

  /** Answers {@code ctx} with {@code failure}: an ApiError as itself, anything else as a 500. */
  static void answer(RoutingContext ctx, Throwable failure) {
    (failure instanceof ApiError ? (ApiError) failure : new ApiError(500, String.valueOf(failure.getMessage()))).answer(ctx);
  }
}
