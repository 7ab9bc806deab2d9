package io.tcpgate.core.route;

import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.Balance;
import io.tcpgate.core.config.RouteConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backends of one route and the order in which a new connection tries them: the balancing method
 * picks the first, the others follow in turn (a refused or timed-out connect moves to the next). A
 * backend whose connects failed {@code maxFails} times in a row is tried after the others for
 * {@code failTimeout} (nginx's passive {@code max_fails}/{@code fail_timeout}): it is never skipped,
 * so a connection that could reach it still does. Safe to use from every event loop.
 */
public final class BackendPool {
  private final List<Member> members;
  private final Balance balance;
  private final int maxFails;
  private final long failTimeoutNanos;
  private final AtomicInteger next = new AtomicInteger();

  public BackendPool(RouteConfig config) {
    List<Member> list = new ArrayList<>();
    for (Address a : config.backends()) {
      list.add(new Member(a));
    }
    this.members = List.copyOf(list);
    this.balance = config.balance();
    this.maxFails = config.maxFails();
    this.failTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.failTimeoutMillis());
  }

  /** Whether a pool for {@code next} must differ from one for {@code current} (else the live one, with its counts, stays). */
  public static boolean differs(RouteConfig current, RouteConfig next) {
    return !next.backends().equals(current.backends()) || next.balance() != current.balance()
      || next.maxFails() != current.maxFails() || next.failTimeoutMillis() != current.failTimeoutMillis();
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
    if (n > 1 && maxFails > 0) {
      long now = System.nanoTime();
      boolean anyTriedLast = false;
      for (Member m : members) {
        anyTriedLast |= m.isTriedLast(now);
      }
      if (anyTriedLast) {
        order.sort(Comparator.comparing(m -> m.isTriedLast(now))); // stable: the failing ones go last, in order
      }
    }
    return order;
  }

  /** A connect to {@code m} failed; returns true when this makes it tried last (the log says so once). */
  public boolean connectFailed(Member m) {
    if (maxFails == 0 || m.failsInARow.incrementAndGet() < maxFails) {
      return false;
    }
    m.failsInARow.set(0);
    long now = System.nanoTime();
    boolean wasTriedLast = m.isTriedLast(now);
    m.triedLastUntilNanos = now + failTimeoutNanos;
    m.triedLast = true;
    return !wasTriedLast;
  }

  /** A connect to {@code m} succeeded: it takes its place in the order again. */
  public void connectSucceeded(Member m) {
    if (m.triedLast || m.failsInARow.get() != 0) {
      m.failsInARow.set(0);
      m.triedLast = false;
    }
  }

  /** The backends tried last now (their connects failed {@code max-fails} times in a row). */
  public List<Address> triedLast() {
    long now = System.nanoTime();
    return members.stream().filter(m -> m.isTriedLast(now)).map(Member::address).toList();
  }

  public List<Member> members() {
    return members;
  }

  /** One backend and its live connection count (connecting ones included). */
  public static final class Member {
    private final Address address;
    /** The socket address when the backend is given by IP address, parsed once; null for a name or a unix path. */
    private final InetSocketAddress ipLiteral;
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger failsInARow = new AtomicInteger();
    private volatile boolean triedLast;
    private volatile long triedLastUntilNanos;

    Member(Address address) {
      this.address = address;
      this.ipLiteral = address.ipLiteral();
    }

    public Address address() {
      return address;
    }

    public InetSocketAddress ipLiteral() {
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

    boolean isTriedLast(long nowNanos) {
      return triedLast && nowNanos - triedLastUntilNanos < 0;
    }
  }
}
