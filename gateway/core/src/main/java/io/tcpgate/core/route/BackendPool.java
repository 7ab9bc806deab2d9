package io.tcpgate.core.route;

import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.Balance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backends of one route and the order in which a new connection tries them: the balancing method
 * picks the first, the others follow in turn (a refused or timed-out connect moves to the next).
 * Safe to use from every event loop.
 */
public final class BackendPool {
  private final List<Member> members;
  private final Balance balance;
  private final AtomicInteger next = new AtomicInteger();

  public BackendPool(List<Address> backends, Balance balance) {
    List<Member> list = new ArrayList<>();
    for (Address a : backends) {
      list.add(new Member(a));
    }
    this.members = List.copyOf(list);
    this.balance = balance;
  }

  /** Every backend once, in the order a new connection should try them. */
  public List<Member> order() {
    int n = members.size();
    int start = Math.floorMod(next.getAndIncrement(), n);
    List<Member> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(members.get((start + i) % n));
    }
    if (balance == Balance.LEAST_CONNECTIONS && n > 1) {
      order.sort(Comparator.comparingInt(Member::active)); // stable: ties keep the round-robin order
    }
    return order;
  }

  public List<Member> members() {
    return members;
  }

  /** One backend and its live connection count (connecting ones included). */
  public static final class Member {
    private final Address address;
    /** The socket address when the backend is given by IP address, parsed once; null for a name or a unix path. */
    private final java.net.InetSocketAddress ipLiteral;
    private final AtomicInteger active = new AtomicInteger();

    Member(Address address) {
      this.address = address;
      this.ipLiteral = address.ipLiteral();
    }

    public Address address() {
      return address;
    }

    public java.net.InetSocketAddress ipLiteral() {
      return ipLiteral;
    }

    public int active() {
      return active.get();
    }

    public void acquire() {
      active.incrementAndGet();
    }

    public void release() {
      active.decrementAndGet();
    }
  }
}
