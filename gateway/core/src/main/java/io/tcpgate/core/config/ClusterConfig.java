package io.tcpgate.core.config;

import java.util.List;

/**
 * Cluster membership ({@code cluster:} in the file, or {@code TCPGATE_CLUSTER_*} environment variables).
 * Standalone (the default) starts no Hazelcast at all.
 *
 * @param enabled false (default): standalone, runtime state lives in this process only
 * @param name cluster name; members with another name never join (default {@code tcpgate})
 * @param members {@code host:port} of the members to join over TCP-IP (multicast is always off); this
 *     node may be listed too
 * @param host address Hazelcast binds to and the only one it listens on (default 127.0.0.1)
 * @param publicAddress {@code host:port} other members use to reach this one, when it differs (NAT,
 *     containers); null: {@code host:port}
 * @param port Hazelcast member port (default 5701); exactly this port, no auto-increment
 * @param joinTimeoutSeconds how long joining tries to reach the listed members before this node
 *     starts a cluster of its own (Hazelcast's TCP-IP connection timeout), s; default 1. Members that
 *     start apart later merge (split-brain merge checks every 5 s)
 */
public record ClusterConfig(boolean enabled, String name, List<String> members, String host, String publicAddress, int port,
    int joinTimeoutSeconds) {
  public static final String DEFAULT_NAME = "tcpgate";
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_JOIN_TIMEOUT_SECONDS = 1;
  public static final ClusterConfig STANDALONE = new ClusterConfig(false, DEFAULT_NAME, List.of(), DEFAULT_HOST, null, DEFAULT_PORT,
    DEFAULT_JOIN_TIMEOUT_SECONDS);
}
