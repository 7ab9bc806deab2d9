package io.tcpgate.core.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Guards the admin API's mutating requests (anything but GET, HEAD and OPTIONS) with a bearer token
 * when one is configured ({@code admin.token} or {@code TCPGATE_ADMIN_TOKEN}); reads stay open, so
 * health checks and Prometheus need no secret. A missing or wrong token answers 401 with a JSON error
 * and changes nothing. The scheme is case-insensitive (RFC 7235: {@code bearer} does too); the token is
 * compared in constant time.
 */
final class AdminAccess implements Handler<RoutingContext> {
  private final byte[] expected;

  AdminAccess(String token) {
    this.expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    if (expected == null || m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS) {
      ctx.next();
      return;
    }
    String given = ctx.request().getHeader("Authorization");
    if (given != null && MessageDigest.isEqual(expected, bearerToken(given).getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    ctx.response().setStatusCode(401).putHeader("content-type", "application/json")
      .putHeader("WWW-Authenticate", "Bearer")
      .end(new JsonObject().put("error", given == null ? "missing bearer token (Authorization: Bearer <admin.token>)"
        : "wrong bearer token").put("status", 401).encode());
  }

  /** The credentials of a {@code Bearer} header value, its scheme in any case and one or more spaces after it; empty for another scheme. */
  private static String bearerToken(String header) {
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
      return "";
    }
    return header.substring(space).stripLeading();
  }
}
