package io.tcpgate.core.state;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A gateway of one file route started on a runtime state store filled beforehand (as a cluster's state is
 * for a node that joins it), with the state applied; the state closes when the gateway stops.
 */
final class GatewayOnStore {
  private static final long WAIT_SECONDS = 20;

  private GatewayOnStore() {
  }

  static Gateway start(Vertx vertx, StateStore store, String route, int listenPort, int backendPort) throws Exception {
    PolicyRegistry registry = PolicyRegistry.load();
    GatewayConfig file = new ConfigLoader(registry, Map.of(), new Properties()).parse(new JsonObject()
      .put("admin", new JsonObject().put("enabled", false))
      .put("routes", new JsonArray().add(new JsonObject().put("name", route).put("listen", "127.0.0.1:" + listenPort)
        .put("backends", new JsonArray().add("127.0.0.1:" + backendPort)))), "file");
    Gateway g = Gateway.start(vertx, file, gw -> SharedRuntimeState.attach(gw, store, registry).onSuccess(s -> {
      gw.runtimeState(s);
      gw.afterStop(s::close);
    })).toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    ((SharedRuntimeState) g.runtimeState()).applyAll().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    return g;
  }
}
