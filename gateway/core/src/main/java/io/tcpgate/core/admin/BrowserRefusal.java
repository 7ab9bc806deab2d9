package io.tcpgate.core.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses, with 403, every admin request that would change something (any method but GET and HEAD) when
 * it comes from a web browser: a User-Agent starting with {@code Mozilla/} (as Toxiproxy refuses
 * browsers) or an {@code Origin} header (which browsers send on such requests). A web page could otherwise
 * drive the API: a {@code text/plain} POST needs no CORS preflight. Pages (health, metrics, proxies) stay
 * viewable in a browser; curl, the CLI and Toxiproxy's clients send neither.
 */
final class BrowserRefusal implements Handler<RoutingContext> {
  static final String REFUSED = "requests from a web browser (User-Agent Mozilla/… or an Origin header) may only read (GET, HEAD):"
    + " change the gateway with curl, a Toxiproxy client or the tcpgate CLI";

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod m = ctx.request().method();
    String agent = ctx.request().getHeader("User-Agent");
    if (m != HttpMethod.GET && m != HttpMethod.HEAD
        && (agent != null && agent.startsWith("Mozilla/") || ctx.request().getHeader("Origin") != null)) {
      new ApiError(403, REFUSED).answer(ctx);
      return;
    }
    ctx.next();
  }
}
