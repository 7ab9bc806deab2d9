package io.tcpgate.core.state;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** Runtime state of a standalone node: a map in this process; listeners are called synchronously. */
public final class LocalStateStore implements StateStore {
  private final Map<String, RouteState> entries = new ConcurrentHashMap<>();
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

  @Override
  public synchronized Future<RouteState> update(String route, UnaryOperator<RouteState> change) {
    RouteState next;
    RouteState current = entries.get(route);
    RouteState given = current == null ? RouteState.empty(route) : current;
    try {
      next = change.apply(given);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    if (next == given) {
      return Future.succeededFuture(current); // unchanged: no event
    }
    if (next == null || next.isEmpty()) {
      entries.remove(route);
    } else {
      entries.put(route, next);
    }
    RouteState stored = next == null || next.isEmpty() ? null : next;
    listeners.forEach(l -> l.changed(route, stored));
    return Future.succeededFuture(stored);
  }

  @Override
  public Future<Map<String, RouteState>> entries() {
    return Future.succeededFuture(Map.copyOf(entries));
  }

  @Override
  public void onChange(ChangeListener listener) {
    listeners.add(listener);
  }

  @Override
  public String nodeId() {
    return "local";
  }

  @Override
  public Future<Void> close() {
    listeners.clear();
    return Future.succeededFuture();
  }
}
