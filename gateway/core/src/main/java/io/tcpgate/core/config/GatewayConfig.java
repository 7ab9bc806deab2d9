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
 */
public record GatewayConfig(
    String source,
    AdminConfig admin,
    int eventLoops,
    boolean nativeTransport,
    List<RouteConfig> routes,
    List<BuiltinBackend> builtinBackends,
    ShutdownConfig shutdown) {
}
