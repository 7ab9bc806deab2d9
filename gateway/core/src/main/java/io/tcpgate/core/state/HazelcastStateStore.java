package io.tcpgate.core.state;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runtime state shared by every node: a Hazelcast map {@value #MAP} of route name to the route's state
 * as JSON text, with synchronous backups on every other member (see {@link ClusterNode}), so state
 * survives while one member lives. A change locks the route's key cluster-wide, reads, writes and
 * unlocks: changes to one route are serialised; the map's entry listener brings every change to every
 * node, in order per route. After a split brain heals and this node's side was merged into the other,
 * every listener gets the whole map again ({@link StateStore.ChangeListener#resynced}).
 */
public final class HazelcastStateStore implements StateStore {
  /** Name of the Hazelcast map. */
  public static final String MAP = "tcpgate-runtime-state";
  /** Longest a change waits for the route's lock, s. */
  static final long LOCK_SECONDS = 10;
  /** Longest a read of the whole state waits for the cluster's partitions to settle, s. */
  static final long SETTLE_SECONDS = 30;
  /** How often that wait asks whether they have, ms. */
  private static final long SETTLE_POLL_MILLIS = 20;
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastStateStore.class);

  private final Vertx vertx;
  private final HazelcastInstance hz;
  private final IMap<String, String> map;
  private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
  private final UUID registration;

  public HazelcastStateStore(Vertx vertx, HazelcastInstance hz) {
    this.vertx = vertx;
    this.hz = hz;
    this.map = hz.getMap(MAP);
    Listener l = new Listener();
    this.registration = map.addEntryListener(l, true);
    hz.getLifecycleService().addLifecycleListener(e -> {
      if (e.getState() == LifecycleEvent.LifecycleState.MERGED) {
        entries().onSuccess(all -> listeners.forEach(x -> x.resynced(all)));
      }
    });
  }

  @Override
  public Future<RouteState> update(String route, UnaryOperator<RouteState> change) {
    return vertx.executeBlocking(() -> {
      if (!map.tryLock(route, LOCK_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("route '" + route + "': another change holds it for more than " + LOCK_SECONDS + " s");
      }
      try {
        String text = map.get(route);
        RouteState current = text == null ? RouteState.empty(route) : RouteState.fromJson(new JsonObject(text));
        RouteState next = change.apply(current);
        if (next == current) {
          return text == null ? null : current; // unchanged: nothing written, no event
        }
        if (next == null || next.isEmpty()) {
          map.delete(route);
          return null;
        }
        map.set(route, next.toJson().encode());
        return next;
      } finally {
        map.unlock(route);
      }
    }, false);
  }

  /**
   * The whole state, read once the cluster's partitions have settled (no migration running, every backup
   * in sync), waiting at most {@value #SETTLE_SECONDS} s for it: a read of the whole map while partitions
   * move (right after this member joined, or another left) was seen to miss the entries of some of them.
   */
  @Override
  public Future<Map<String, RouteState>> entries() {
    return vertx.executeBlocking(() -> {
      awaitSettledPartitions();
      Map<String, RouteState> out = new HashMap<>();
      map.forEach((k, v) -> out.put(k, RouteState.fromJson(new JsonObject(v))));
      return out;
    }, false);
  }

  private void awaitSettledPartitions() throws InterruptedException {
    long start = System.nanoTime();
    while (!hz.getPartitionService().isClusterSafe()) {
      if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(SETTLE_SECONDS)) {
        LOG.warn("cluster partitions still moving after {} s: reading the runtime state now, it may miss routes "
          + "until their next change", SETTLE_SECONDS);
        return;
      }
      Thread.sleep(SETTLE_POLL_MILLIS);
    }
    LOG.debug("cluster partitions settled after {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  @Override
  public void onChange(ChangeListener listener) {
    listeners.add(listener);
  }

  @Override
  public String nodeId() {
    return hz.getCluster().getLocalMember().getUuid().toString();
  }

  @Override
  public Future<Void> close() {
    listeners.clear();
    // a blocking call to the cluster, off the event loop
    return vertx.executeBlocking(() -> {
      try {
        map.removeEntryListener(registration);
      } catch (RuntimeException ignored) {
        // the instance is shutting down
      }
      return null;
    }, false);
  }

  private final class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
      EntryRemovedListener<String, String>, EntryMergedListener<String, String> {
    @Override
    public void entryMerged(EntryEvent<String, String> e) {
      fire(e.getKey(), e.getValue());
    }

    @Override
    public void entryAdded(EntryEvent<String, String> e) {
      fire(e.getKey(), e.getValue());
    }

    @Override
    public void entryUpdated(EntryEvent<String, String> e) {
      fire(e.getKey(), e.getValue());
    }

    @Override
    public void entryRemoved(EntryEvent<String, String> e) {
      fire(e.getKey(), null);
    }

    private void fire(String route, String text) {
      RouteState s = text == null ? null : RouteState.fromJson(new JsonObject(text));
      listeners.forEach(l -> l.changed(route, s));
    }
  }
}
