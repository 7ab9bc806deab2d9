package io.tcpgate.plugins.limits;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Limits the live connections of a route, and optionally of each client address: a client accepted
 * over a limit is refused at once with {@code action} (cause {@code LIMIT}) and never reaches a backend;
 * live connections are never touched. Counts are shared by every event loop of the route and reported
 * by {@link #status()}. A config change that replaces the policy (a new limit, or any other change to
 * the route) hands the counts over, so connections admitted before still count against the new limits;
 * per-client counts carry over only from a policy that had a per-client limit. Added to the runtime
 * state by an embedding program ({@code RuntimeState.addToxic}; the API's toxic endpoints take toxic
 * types only), it counts the live connections in without refusing any; removed, it counts them out. Only
 * counts: the fast path stays.
 */
public final class MaxConnectionsPolicy implements Policy {
  private final int max;
  private final int perClient;
  private final CloseAction action;
  private final LongAdder refused = new LongAdder();
  /** Live counts; shared with the policy this one replaced, whose connections release into it. */
  private volatile Counts counts = new Counts();

  /** Admitted and not yet closed connections, in all and per client address. */
  private static final class Counts {
    final AtomicInteger live = new AtomicInteger();
    final Map<InetAddress, Integer> byClient = new ConcurrentHashMap<>();
  }

  /**
   * @param max most live connections of the route, at least 1
   * @param perClient most live connections from one client IP address; 0 = no per-address limit
   * @param action what a refused client gets: {@link CloseAction#FIN} (what it sent is read and
   *     discarded, then FIN) or {@link CloseAction#RST}
   */
  public MaxConnectionsPolicy(int max, int perClient, CloseAction action) {
    this.max = max;
    this.perClient = perClient;
    this.action = action;
  }

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    return new Admission(this, connection, clientIp(connection.clientAddress()));
  }

  @Override
  public void takeOver(Policy previous) {
    if (previous instanceof MaxConnectionsPolicy p) {
      counts = p.counts;
    }
  }

  /** Counts a new connection in, or returns false (counting nothing) when it is over a limit. */
  boolean admit(InetAddress client) {
    Counts c = counts;
    AtomicInteger live = c.live;
    if (live.incrementAndGet() > max) {
      live.decrementAndGet();
      refused.increment();
      return false;
    }
    if (perClient > 0 && client != null) {
      boolean[] admitted = new boolean[1];
      c.byClient.compute(client, (ip, n) -> {
        int count = n == null ? 0 : n;
        admitted[0] = count < perClient;
        return admitted[0] ? Integer.valueOf(count + 1) : n;
      });
      if (!admitted[0]) {
        live.decrementAndGet();
        refused.increment();
        return false;
      }
    }
    return true;
  }

  /** Counts in a connection that is already live (the policy was added to it), over a limit or not. */
  void countIn(InetAddress client) {
    Counts c = counts;
    c.live.incrementAndGet();
    if (perClient > 0 && client != null) {
      c.byClient.merge(client, 1, Integer::sum);
    }
  }

  /** Counts an admitted connection out. */
  void release(InetAddress client) {
    Counts c = counts;
    c.live.decrementAndGet();
    if (perClient > 0 && client != null) {
      c.byClient.computeIfPresent(client, (ip, n) -> n <= 1 ? null : n - 1);
    }
  }

  CloseAction action() {
    return action;
  }

  /** {@code max}, {@code per_client}, {@code live} (admitted and not yet closed), {@code refused} (since the config was loaded). */
  @Override
  public JsonObject status() {
    return new JsonObject().put("max", max).put("per_client", perClient).put("live", counts.live.get()).put("refused", refused.sum());
  }

  private static InetAddress clientIp(SocketAddress address) {
    return address instanceof InetSocketAddress ? ((InetSocketAddress) address).getAddress() : null;
  }
}
