package io.tcpgate.core;

import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.state.ClusterNode;
import io.tcpgate.core.state.ClusterView;
import io.tcpgate.core.state.HazelcastStateStore;
import io.tcpgate.core.state.LocalStateStore;
import io.tcpgate.core.state.SharedRuntimeState;
import io.tcpgate.core.state.StateStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a gateway with its runtime state: standalone (default) keeps it in this process and starts no
 * Hazelcast; with {@code cluster.enabled} the node first joins the cluster, reads the current state, and
 * only then listens, each route with the state's toxics already on. Stopping leaves the cluster last; a stop
 * that begins while the member joins waits for the join, so that the member leaves too.
 */
public final class GatewayNode {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayNode.class);

  private GatewayNode() {
  }

  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, PolicyRegistry registry) {
    return start(vertx, config, registry, g -> { });
  }

  /**
   * Like {@link #start(Vertx, GatewayConfig, PolicyRegistry)}, handing the gateway to {@code created} as soon
   * as it exists, before anything of it listens: a {@link Gateway#stop} from then on (a second stop signal)
   * stops what the start opened so far, and the start fails.
   */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, PolicyRegistry registry, Consumer<Gateway> created) {
    // the state's changes stored during the start are applied once the gateway's own start has run
    return Gateway.start(vertx, config, g -> {
      created.accept(g);
      return prepare(g, registry);
    })
      .compose(g -> g.runtimeState() instanceof SharedRuntimeState s ? s.applyAll().map(g) : Future.succeededFuture(g));
  }

  private static Future<?> prepare(Gateway g, PolicyRegistry registry) {
    GatewayConfig config = g.config();
    if (!config.cluster().enabled()) {
      return attach(g, new LocalStateStore(), registry);
    }
    long t0 = System.nanoTime();
    // a start under way: a stop that begins during the join (a second stop signal) waits for it, and the member then leaves
    return g.underWay("cluster member", () -> g.vertx().executeBlocking(() -> ClusterNode.start(config.cluster()), false)
      .recover(e -> Future.failedFuture(new Gateway.StartException("cluster: cannot start this node's member on " + config.cluster().host() + ":"
        + config.cluster().port() + " (members " + config.cluster().members() + "): " + e.getMessage(), e)))
      .map(hz -> {
        LOG.info("cluster {}: joined as {} in {} ms, {} member(s)", config.cluster().name(), hz.getCluster().getLocalMember().getAddress(),
          (System.nanoTime() - t0) / 1_000_000, hz.getCluster().getMembers().size());
        // the last step of a stop (registered first): the runtime state lets go of the member before it leaves
        // (removing its listener while the member shuts down was seen to block the event loop for over 15 s)
        g.afterStop(() -> g.vertx().executeBlocking(() -> {
          hz.shutdown();
          return null;
        }, false));
        return hz;
      }))
      .compose(hz -> {
        if (g.isStopping()) {
          return Future.failedFuture(new Gateway.StoppingException("cluster member"));
        }
        g.clusterView(new ClusterView(g, hz));
        return attach(g, new HazelcastStateStore(g.vertx(), hz), registry);
      });
  }

  private static Future<?> attach(Gateway g, StateStore store, PolicyRegistry registry) {
    return SharedRuntimeState.attach(g, store, registry).onSuccess(s -> {
      g.runtimeState(s);
      g.afterStop(() -> {
        Future<Void> closed = s.close(); // the next step (leaving the cluster) waits for it
        if (g.clusterView() != null) {
          g.clusterView().close();
        }
        return closed;
      });
    });
  }
}
