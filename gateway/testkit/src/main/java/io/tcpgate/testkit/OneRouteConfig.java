package io.tcpgate.testkit;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML text of a gateway config with one route, {@value #ROUTE}, listening on 127.0.0.1 port 0 (any
 * free port) and relaying to the given backends; the admin API is off unless asked for. Only text: it
 * knows nothing of the gateway's classes.
 */
public final class OneRouteConfig {
  /** Name of the route. */
  public static final String ROUTE = "test";

  private final List<String> backends = new ArrayList<>();
  private final Map<String, String> fields = new LinkedHashMap<>();
  private final List<String> policies = new ArrayList<>();
  private boolean admin;
  private boolean nativeTransport = true;

  private OneRouteConfig() {
  }

  /** A route to {@code backends} (loopback addresses), tried in order. */
  public static OneRouteConfig to(InetSocketAddress... backends) {
    OneRouteConfig c = new OneRouteConfig();
    for (InetSocketAddress b : backends) {
      Loopback.require(b);
      c.backends.add("\"" + b.getAddress().getHostAddress() + ":" + b.getPort() + "\"");
    }
    return c;
  }

  /** Adds a policy entry, written as the inside of a YAML flow mapping: {@code type: idle-timeout, timeout: 1s}. */
  public OneRouteConfig policy(String entry) {
    policies.add("{ " + entry + " }");
    return this;
  }

  /** Sets a route field, e.g. {@code route("connect-failure", "rst")}. */
  public OneRouteConfig route(String field, String value) {
    fields.put(field, value);
    return this;
  }

  /** Turns the admin API on, on 127.0.0.1 port 0. */
  public OneRouteConfig withAdmin() {
    admin = true;
    return this;
  }

  /** Runs on the NIO transport instead of native epoll. */
  public OneRouteConfig nio() {
    nativeTransport = false;
    return this;
  }

  public String yaml() {
    StringBuilder y = new StringBuilder();
    y.append(admin ? "admin: { host: 127.0.0.1, port: 0 }\n" : "admin: { enabled: false }\n");
    y.append("native-transport: ").append(nativeTransport).append('\n');
    y.append("routes:\n  - name: ").append(ROUTE).append("\n    listen: 127.0.0.1:0\n");
    y.append("    backends: [ ").append(String.join(", ", backends)).append(" ]\n");
    fields.forEach((k, v) -> y.append("    ").append(k).append(": ").append(v).append('\n'));
    if (!policies.isEmpty()) {
      y.append("    policies:\n");
      policies.forEach(p -> y.append("      - ").append(p).append('\n'));
    }
    return y.toString();
  }

  @Override
  public String toString() {
    return yaml();
  }
}
