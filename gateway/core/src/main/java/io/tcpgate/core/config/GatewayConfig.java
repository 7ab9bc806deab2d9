package io.tcpgate.core.config;

import java.util.List;

/**
 * A validated gateway configuration.
 *
 * @param source where it came from (file path, or "command line"), for messages
 * @param admin the admin API
 * @param eventLoops event-loop threads that relay connections; 0 means one per CPU core
 * @param nativeTransport whether to use native epoll when available (default true)
 * @param routes in the order written
 * @param builtinBackends demo servers run in-process
 * @param shutdown what a stop (SIGTERM, SIGINT) does with live connections
 * @param reload whether and how often the config file is watched
 * @param cluster cluster membership (standalone by default)
 * @param nodeAddress this node's own address; replaces a wildcard listen host (0.0.0.0, ::, *) of
 *     every route, so a node of a cluster listens only on its own address; null: listen as written
 */
public record GatewayConfig(
    String source,
    AdminConfig admin,
    int eventLoops,
    boolean nativeTransport,
    List<RouteConfig> routes,
    List<BuiltinBackend> builtinBackends,
    ShutdownConfig shutdown,
    ReloadConfig reload,
    ClusterConfig cluster,
    String nodeAddress) {

  /** A standalone config with the default reload settings and no node address. */
  public GatewayConfig(String source, AdminConfig admin, int eventLoops, boolean nativeTransport, List<RouteConfig> routes,
      List<BuiltinBackend> builtinBackends, ShutdownConfig shutdown) {
    this(source, admin, eventLoops, nativeTransport, routes, builtinBackends, shutdown, ReloadConfig.DEFAULT, ClusterConfig.STANDALONE, null);
  }

  /** Event-loop threads that relay: {@link #eventLoops}, or one per CPU core when it is 0. */
  public int eventLoopThreads() {
    return eventLoopThreads(eventLoops);
  }

  /** Event-loop threads for a configured {@code eventLoops}: that many, or one per CPU core when it is 0. */
  public static int eventLoopThreads(int eventLoops) {
    return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
  }
}
