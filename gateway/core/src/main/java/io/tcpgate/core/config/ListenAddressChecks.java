package io.tcpgate.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks across a config's listeners, made once each route is read: no two listeners (routes, built-in
 * backends, the admin API) on one address, and no route whose backends lead back to its own listener.
 * Each problem is recorded with the parse's {@link FieldReader}, at the field at fault.
 */
final class ListenAddressChecks {
  /** The wildcard listen address, as these checks write it ({@code *} and {@code ::} too). */
  private static final String WILDCARD = "0.0.0.0";

  private ListenAddressChecks() {
  }

  /**
   * Records a problem at each listener whose address one before it has: the admin API, then the builtin
   * backends, then the routes, in order.
   *
   * @param builtinFields where each of {@code builtins} is written ({@code builtin-backends[1]})
   */
  static void checkAddressesUnique(List<RouteConfig> routes, List<BuiltinBackend> builtins, List<String> builtinFields, AdminConfig admin,
      FieldReader fields) {
    Map<String, String> owners = new HashMap<>();
    if (admin.enabled() && admin.port() != 0) {
      takes(owners, admin.host(), admin.port(), "the admin API");
    }
    for (int i = 0; i < builtins.size(); i++) {
      BuiltinBackend b = builtins.get(i);
      claim(owners, b.listen(), "builtin " + b.type() + " backend (" + builtinFields.get(i) + ")", builtinFields.get(i), "listen", fields);
    }
    for (RouteConfig r : routes) {
      claim(owners, r.listen(), "route '" + r.name() + "'", "route '" + r.name() + "'", "listen", fields);
    }
  }

  /**
   * A backend that is a route's own listen address, directly or through other routes, would make every
   * connection connect to the gateway again, without end (until the file descriptors run out).
   */
  static void checkNoLoops(List<RouteConfig> routes, FieldReader fields) {
    for (RouteConfig r : routes) {
      List<String> loop = pathBack(r, r, routes, new HashSet<>(Set.of(r.name())), new ArrayList<>());
      if (loop != null) {
        fields.problem("route '" + r.name() + "'", "backends", "its connections would come back to this gateway without end: "
          + String.join(" -> ", loop) + " (a backend is a listen address of the routes named)");
      }
    }
  }

  /**
   * The route names from {@code from} back to {@code start} through backends that are listen addresses
   * (each route looked at once), or null; {@code path} holds the names up to {@code from}'s.
   */
  private static List<String> pathBack(RouteConfig start, RouteConfig from, List<RouteConfig> routes, Set<String> visited, List<String> path) {
    path.add(from.name());
    for (Address b : from.backends()) {
      for (RouteConfig next : routes) {
        if (!isListenAddressOf(b, next)) {
          continue;
        }
        if (next == start) {
          path.add(start.name());
          return path;
        }
        if (visited.add(next.name())) {
          List<String> found = pathBack(start, next, routes, visited, path);
          if (found != null) {
            return found;
          }
        }
      }
    }
    path.remove(path.size() - 1);
    return null;
  }

  /** Whether connecting to {@code backend} reaches {@code route}'s listener (same address, or its wildcard from loopback). */
  private static boolean isListenAddressOf(Address backend, RouteConfig route) {
    Address listen = route.listen();
    if (backend.isUnix() || listen.isUnix()) {
      return backend.isUnix() && listen.isUnix() && backend.unixPath().equals(listen.unixPath());
    }
    if (listen.port() == 0 || backend.port() != listen.port()) {
      return false;
    }
    String host = normalHost(backend.host());
    return host.equals(normalHost(listen.host()))
      || listen.isWildcard() && (host.startsWith("127.") || host.equals(WILDCARD) || host.equals("::1"));
  }

  private static void claim(Map<String, String> owners, Address a, String who, String ctx, String field, FieldReader fields) {
    if (!a.isUnix() && a.port() == 0) {
      return;
    }
    String previous = a.isUnix() ? owners.putIfAbsent(a.toString(), who) : takes(owners, a.host(), a.port(), who);
    if (previous != null) {
      fields.problem(ctx, field, a + " is already used by " + previous + "; two listeners cannot share an address"
        + " (a wildcard address such as 0.0.0.0 takes its port on every address)");
    }
  }

  /**
   * Records that {@code who} listens on host:port; returns who already has that address, or the same port
   * when one of the two is a wildcard address, or null.
   */
  private static String takes(Map<String, String> owners, String host, int port, String who) {
    String k = key(host, port);
    boolean wildcard = k.startsWith(WILDCARD + ":");
    String previous = owners.putIfAbsent(k, who);
    if (previous == null) {
      previous = owners.get((wildcard ? "any address, port " : "wildcard, port ") + port);
    }
    owners.putIfAbsent("any address, port " + port, who);
    if (wildcard) {
      owners.putIfAbsent("wildcard, port " + port, who);
    }
    return previous;
  }

  private static String key(String host, int port) {
    return normalHost(host) + ":" + port;
  }

  private static String normalHost(String host) {
    return "*".equals(host) || "::".equals(host) ? WILDCARD : "localhost".equals(host) ? "127.0.0.1" : host;
  }
}
