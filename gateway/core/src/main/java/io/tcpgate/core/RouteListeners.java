package io.tcpgate.core;

import static io.tcpgate.core.Gateway.cannotListen;
import static io.tcpgate.core.Gateway.routeNamed;

import io.tcpgate.core.Gateway.RunningRoute;
import io.tcpgate.core.Gateway.StoppingException;
import io.tcpgate.core.config.Address;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * Where a gateway's running routes listen: a listener released for another to take its address and bound
 * again elsewhere (a reload), a route moved to another address, turned off and on (the runtime state).
 * Each change of a route goes through the gateway's routes table by its rules: a listener start is a start
 * under way ({@link Gateway#underWay}) and a route is put back only while no stop has begun ({@link
 * Gateway#record}), so a stop that begins meanwhile closes what it opens.
 */
public final class RouteListeners {
  private static final Logger LOG = Gateway.LOG;

  private final Gateway gateway;
  private final Vertx vertx;

  RouteListeners(Gateway gateway) {
    this.gateway = gateway;
    this.vertx = gateway.vertx();
  }

  /**
   * Stops a route's listener and waits until its address is free, leaving the route (its runtime,
   * live connections and toxics) in place, not listening; {@link #listenOn} binds it again. Used by a
   * reload that gives the address to another listener. A route that does not listen completes at once.
   */
  public Future<Void> releaseListener(String name) {
    RunningRoute r = gateway.route(name);
    if (r == null || !r.enabled()) {
      return Future.succeededFuture();
    }
    gateway.record(r.notListeningOn(r.listen())); // stopping: the stop closes its listeners too
    return closeListeners(r);
  }

  /**
   * Makes a route that does not listen (after {@link #releaseListener}) listen on {@code listen} (port 0:
   * a free one). When the address cannot be bound the route stays, not listening, with that address
   * recorded (so enabling it again tries there).
   */
  public Future<RunningRoute> listenOn(String name, Address listen) {
    return changeUnderWay(name, r -> listenOnNow(r, name, listen));
  }

  /**
   * Runs {@code change} on the route named {@code name} as a start under way ({@link Gateway#underWay}): a
   * stop that begins meanwhile waits for it. Fails when there is no such route.
   */
  private Future<RunningRoute> changeUnderWay(String name, Function<RunningRoute, Future<RunningRoute>> change) {
    return gateway.underWay(routeNamed(name), () -> {
      RunningRoute r = gateway.route(name);
      return r == null ? Future.failedFuture(new IllegalArgumentException("no route '" + name + "'")) : change.apply(r);
    });
  }

  private Future<RunningRoute> listenOnNow(RunningRoute r, String name, Address listen) {
    Address wanted;
    try {
      wanted = gateway.onNodeWithFreePort(listen);
    } catch (IOException e) {
      return Future.failedFuture(cannotListen(name, listen, e));
    }
    if (!gateway.record(r.notListeningOn(wanted))) {
      return Future.failedFuture(new StoppingException(routeNamed(name)));
    }
    return gateway.deployListener(r.runtime(), wanted)
      .recover(err -> Future.failedFuture(cannotListen(name, wanted, err)))
      .onSuccess(on -> LOG.info("route {}: now listening on {} (was {})", name, on.boundAddress(), r.boundAddress()));
  }

  /**
   * {@link #listenOn} after {@link #releaseListener}; when {@code listen} cannot be bound, the route listens
   * on the address it had again, and the future fails with why the new one could not be bound.
   */
  public Future<RunningRoute> listenOnOrBack(String name, Address listen) {
    RunningRoute r = gateway.route(name);
    if (r == null) {
      return Future.failedFuture(new IllegalArgumentException("no route '" + name + "'"));
    }
    Address was = r.listen();
    return listenOn(name, listen).recover(err -> listenOn(name, was).transform(back -> Future.failedFuture(err)));
  }

  /** Undeploys a route's listeners; completes once nothing listens on its address (live connections are left alone). */
  Future<Void> closeListeners(RunningRoute r) {
    List<Future<?>> undeployed = new ArrayList<>();
    for (String id : r.deployments()) {
      undeployed.add(vertx.undeploy(id));
    }
    return Future.join(undeployed).transform(ar -> r.enabled() ? unbound(r.listen(), 100) : Future.succeededFuture());
  }

  /**
   * Moves a route to another listen address (port 0: a free one) without touching its live
   * connections: the new listener is bound first, then the old one stops accepting; connections it
   * accepted go on until they end by themselves. The same port under another spelling ({@link
   * #sameSocket}) is released first, then bound. A disabled route only records the new address.
   */
  public Future<RunningRoute> relisten(String name, Address listen) {
    return changeUnderWay(name, old -> relistenNow(old, name, listen));
  }

  private Future<RunningRoute> relistenNow(RunningRoute old, String name, Address listen) {
    Address address;
    try {
      address = gateway.onNodeWithFreePort(listen);
    } catch (IOException e) {
      return Future.failedFuture(cannotListen(name, listen, e));
    }
    if (old.enabled() && sameSocket(address, old.listen())) {
      // the same socket written another way (localhost, a wildcard): it cannot be bound twice, so the old
      // listener closes first; when the new address cannot be bound after all, the old one is bound again
      return releaseListener(name).compose(v -> listenOnOrBack(name, address));
    }
    if (!old.enabled()) {
      RunningRoute moved = old.notListeningOn(address);
      return gateway.record(moved) ? Future.succeededFuture(moved) : Future.failedFuture(new StoppingException(routeNamed(name)));
    }
    return gateway.deployListener(old.runtime(), address)
      .recover(err -> Future.failedFuture(cannotListen(name, address, err)))
      .compose(moved -> {
        List<Future<?>> undeployed = new ArrayList<>();
        old.deployments().forEach(d -> undeployed.add(vertx.undeploy(d)));
        return Future.join(undeployed).transform(ar -> {
          LOG.info("route {}: now listening on {} (was {})", name, moved.boundAddress(), old.boundAddress());
          return Future.succeededFuture(moved);
        });
      });
  }

  /**
   * Whether two listen addresses may take the same socket: the same port (a host may be written another
   * way, or be a wildcard covering the other), or the same unix path. Port 0 takes any free port.
   */
  public static boolean sameSocket(Address a, Address b) {
    if (a.isUnix() || b.isUnix()) {
      return a.isUnix() && b.isUnix() && a.unixPath().equals(b.unixPath());
    }
    return a.port() != 0 && a.port() == b.port();
  }

  /**
   * Turns a route's listener off (Toxiproxy's {@code enabled: false}: new clients are refused and live
   * connections closed with FIN, a client the listener took just before it closed too, whose accept runs
   * after; the route, its address and toxics are kept) or on again.
   */
  public Future<RunningRoute> setEnabled(String name, boolean enabled) {
    RunningRoute r = gateway.route(name);
    if (r == null) {
      return Future.failedFuture(new IllegalArgumentException("no route '" + name + "'"));
    }
    if (r.enabled() == enabled) {
      return Future.succeededFuture(r);
    }
    if (enabled) {
      return gateway.underWay(routeNamed(name), () -> gateway.deployListener(r.runtime(), r.listen()))
        .recover(err -> Future.failedFuture(cannotListen(name, r.listen(), err)));
    }
    RunningRoute off = r.notListeningOn(r.listen());
    // before the route shows disabled: a listener an enable makes after that relays its clients, while a
    // client the closing one took, whose accept runs after the closeAll below, is closed as the live ones are
    r.runtime().retireListeners();
    if (!gateway.record(off)) { // the stop took it and ends its connections as it says
      return Future.failedFuture(new StoppingException(routeNamed(name)));
    }
    return undeploy(r).map(off);
  }

  /** Undeploys a route's listeners and closes its live connections with FIN; completes once nothing listens on its address. */
  Future<Void> undeploy(RunningRoute r) {
    List<Future<?>> all = new ArrayList<>();
    for (String id : r.deployments()) {
      all.add(vertx.undeploy(id));
    }
    r.runtime().closeAll(CloseAction.FIN, CloseCause.ADMIN);
    return Future.join(all).transform(ar -> unbound(r.listen(), 100));
  }

  /**
   * Completes once nothing listens on {@code address} any more (listeners stop accepting at once but
   * Vert.x unbinds the shared socket a moment later; a listener started on it before then would
   * attach to the closing one). Checks every 10 ms, {@code triesLeft} times at most.
   */
  private Future<Void> unbound(Address address, int triesLeft) {
    if (address.isUnix() || triesLeft <= 0) {
      return Future.succeededFuture();
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress("*".equals(address.host()) ? "0.0.0.0" : address.host(), address.port()));
      return Future.succeededFuture();
    } catch (IOException stillBound) {
      Promise<Void> later = Promise.promise();
      vertx.setTimer(10, id -> unbound(address, triesLeft - 1).onComplete(later));
      return later.future();
    }
  }
}
