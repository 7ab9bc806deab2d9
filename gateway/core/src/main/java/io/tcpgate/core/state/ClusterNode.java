package io.tcpgate.core.state;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.merge.LatestUpdateMergePolicy;
import io.tcpgate.core.config.ClusterConfig;

/**
 * Starts this node's Hazelcast member from {@code cluster:}: TCP-IP join with the listed members only
 * (multicast and auto-detection off), no phone-home, bound to {@code cluster.host:cluster.port} and to
 * nothing else (no port auto-increment, no wildcard bind), joining without the 5 s default wait and
 * giving up on unreachable members after {@code cluster.join-timeout} (1 s by default, Hazelcast's is 5 s).
 * The runtime-state map keeps synchronous backups on up to {@value #BACKUPS} other members (every
 * member, in clusters of up to 7), so state survives while one member lives.
 */
public final class ClusterNode {
  /** Synchronous backups of the runtime-state map (Hazelcast's maximum). */
  public static final int BACKUPS = 6;
  /** How long a member may be silent before the others drop it, s (Hazelcast's default is 60). */
  public static final int HEARTBEAT_TIMEOUT_SECONDS = 10;

  private ClusterNode() {
  }

  /** The Hazelcast config for {@code c}. */
  public static Config hazelcastConfig(ClusterConfig c) {
    Config config = new Config();
    config.setClusterName(c.name());
    config.setInstanceName("tcpgate-" + c.host() + "-" + c.port());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(HEARTBEAT_TIMEOUT_SECONDS));
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    config.getJetConfig().setEnabled(false);
    NetworkConfig net = config.getNetworkConfig();
    net.setPort(c.port()).setPortAutoIncrement(false);
    if (c.publicAddress() != null) {
      net.setPublicAddress(c.publicAddress());
    }
    net.getRestApiConfig().setEnabled(false);
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(c.members()).setConnectionTimeoutSeconds(c.joinTimeoutSeconds());
    // after a split brain heals, per route the most recently updated entry wins (CLUSTER.md)
    config.getMapConfig(HazelcastStateStore.MAP).setBackupCount(BACKUPS).setAsyncBackupCount(0).setPerEntryStatsEnabled(true)
      .getMergePolicyConfig().setPolicy(LatestUpdateMergePolicy.class.getName());
    config.getMapConfig(ClusterView.MAP).setBackupCount(BACKUPS).setAsyncBackupCount(0);
    return config;
  }

  /**
   * Starts the member and joins (blocking: call it off the event loop). Hazelcast picks its bind
   * address from the system property {@code hazelcast.local.localAddress}, set here to {@code host}.
   */
  public static HazelcastInstance start(ClusterConfig c) {
    System.setProperty("hazelcast.local.localAddress", c.host());
    return Hazelcast.newHazelcastInstance(hazelcastConfig(c));
  }
}
