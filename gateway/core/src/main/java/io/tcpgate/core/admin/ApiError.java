package io.tcpgate.core.admin;

import io.tcpgate.core.config.ToxicSpecs.InvalidToxicException;
import io.vertx.core.http.HttpServerResponse;
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

  /**
   * A 400 naming every bad field of a toxic: the first as Toxiproxy words it ({@link #INVALID_TYPE},
   * {@link #INVALID_STREAM}, or {@code bad request body: field: why}), then one line {@code field: why} per other.
   */
  static ApiError invalidToxic(InvalidToxicException invalid) {
    StringBuilder message = new StringBuilder("type".equals(invalid.field()) ? INVALID_TYPE
      : "stream".equals(invalid.field()) ? INVALID_STREAM : BAD_BODY + ": " + fieldAndWhy(invalid));
    invalid.problems().stream().skip(1).forEach(p -> message.append('\n').append(fieldAndWhy(p)));
    return badRequest(message.toString());
  }

  private static String fieldAndWhy(InvalidToxicException problem) {
    return problem.field() == null ? problem.getMessage() : problem.field() + ": " + problem.getMessage();
  }

  /** Answers {@code ctx} with this error. */
  void answer(RoutingContext ctx) {
    answer(ctx.response());
  }

  /** Answers with this error. */
  void answer(HttpServerResponse response) {
    response.setStatusCode(status).putHeader("content-type", "application/json")
      .end(new JsonObject().put("error", getMessage()).put("status", status).encode() + "\n");
  }

  /** Answers {@code ctx} with {@code failure}: an ApiError as itself, anything else as a 500. */
  static void answer(RoutingContext ctx, Throwable failure) {
    (failure instanceof ApiError ? (ApiError) failure : new ApiError(500, String.valueOf(failure.getMessage()))).answer(ctx);
  }
}
