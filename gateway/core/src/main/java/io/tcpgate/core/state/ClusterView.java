package io.tcpgate.core.state;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.tcpgate.core.Gateway;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * What {@code GET /cluster} shows: the members Hazelcast sees, and what each node reports about itself
 * (its routes, where they listen, live connections). Each node writes its report to the map
 * {@value #MAP} every {@value #REPORT_MILLIS} ms with a time-to-live of {@value #TTL_SECONDS} s, so a
 * node that is gone disappears from it within that.
 */
public final class ClusterView implements AutoCloseable {
  /** Name of the Hazelcast map of node reports. */
  public static final String MAP = "tcpgate-nodes";
  /** How often a node reports, ms. */
  public static final long REPORT_MILLIS = 1_000;
  /** How long a report lives, s. */
  public static final int TTL_SECONDS = 5;

  private final Gateway gateway;
  private final HazelcastInstance hz;
  private final IMap<String, String> reports;
  private final long timer;

  public ClusterView(Gateway gateway, HazelcastInstance hz) {
    this.gateway = gateway;
    this.hz = hz;
    this.reports = hz.getMap(MAP);
    this.timer = gateway.vertx().setPeriodic(0, REPORT_MILLIS, id -> report());
  }

  /** Whether this node is a running member of a cluster. */
  public boolean inCluster() {
    return hz.getLifecycleService().isRunning();
  }

  /** This node's report: id, cluster address, routes with their addresses, live connections and backends tried last here. */
  public JsonObject self() {
    JsonArray routes = new JsonArray();
    gateway.routes().forEach((name, r) -> routes.add(new JsonObject().put("name", name)
      .mergeIn(r.addressesJson()).put("live_connections", r.runtime().stats().live())
      .put("toxics", r.runtime().toxics().size())
      .put("backends_tried_last", new JsonArray(r.runtime().backends().triedLast().stream().map(Object::toString).toList()))));
    Member me = hz.getCluster().getLocalMember();
    return new JsonObject().put("id", me.getUuid().toString()).put("address", me.getAddress().getHost() + ":" + me.getAddress().getPort())
      .put("node_address", gateway.config().nodeAddress()).put("admin", gateway.config().admin().host() + ":" + gateway.adminPort())
      .put("routes", routes);
  }

  private void report() {
    JsonObject self = self();
    gateway.vertx().executeBlocking(() -> reports.setAsync(self.getString("id"), self.encode(), TTL_SECONDS, TimeUnit.SECONDS), false);
  }

  /** Members as Hazelcast sees them, each with its last report (null when it has not reported). */
  public Future<JsonObject> snapshot() {
    return gateway.vertx().executeBlocking(() -> {
      JsonArray members = new JsonArray();
      for (Member m : hz.getCluster().getMembers()) {
        String id = m.getUuid().toString();
        String report = reports.get(id);
        members.add(new JsonObject().put("id", id).put("address", m.getAddress().getHost() + ":" + m.getAddress().getPort())
          .put("self", m.localMember()).put("report", report == null ? null : new JsonObject(report)));
      }
      return new JsonObject().put("name", hz.getConfig().getClusterName()).put("size", members.size())
        .put("in_cluster", inCluster()).put("members", members);
    }, false);
  }

  @Override
  public void close() {
    gateway.vertx().cancelTimer(timer);
  }
}
