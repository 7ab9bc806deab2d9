package io.tcpgate.testkit;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.HalfCloseMode;
import io.tcpgate.spi.Side;
import io.tcpgate.spi.SocketOptions;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ConnectionContext} with no sockets and a virtual clock, for testing a policy alone: the test
 * says what the connection carried ({@link #receive}, {@link #receiveFin}), moves time on with
 * {@link #advance} (which runs the timers that fall due, in order), and reads back what the policy asked
 * for. Times are virtual nanoseconds; nothing here sleeps or uses a thread.
 */
public final class FakeConnection implements ConnectionContext {
  /** One {@link #close} request: how and why. */
  public record Close(CloseAction action, CloseCause cause) {
  }

  /** Most timers one {@link #advance} runs; more means a policy re-arms a timer with no delay forever. */
  public static final int MAX_TIMER_RUNS = 100_000;

  private record Timer(long dueNanos, long id, Runnable task) {
  }

  private static final Comparator<Timer> DUE_ORDER = Comparator.comparingLong(Timer::dueNanos).thenComparingLong(Timer::id);
  private static long nextId;
  private final long id = ++nextId;
  private final SocketAddress client;
  private final Map<Side, FakeSocketOptions> sockets = new EnumMap<>(Side.class);
  private final Map<Side, CloseAction> resetBecomes = new EnumMap<>(Map.of(Side.CLIENT, CloseAction.RST, Side.BACKEND, CloseAction.RST));
  private final TreeMap<Long, Timer> timers = new TreeMap<>();
  private final long[] bytes = new long[2];
  private final boolean[] fin = new boolean[2];
  private final List<Close> closes = new ArrayList<>();
  private final List<Side> resets = new ArrayList<>();
  private long now = 1_000_000_000L;
  private long lastActivity = now;
  private long timerIds;
  private boolean backendConnected;
  private HalfCloseMode halfCloseMode = HalfCloseMode.PROPAGATE;
  private CloseAction connectFailureAction = CloseAction.FIN;

  /** A connection from 127.0.0.1:40000 whose sockets accept keep-alive timings (as on epoll). */
  public FakeConnection() {
    this(new InetSocketAddress(Loopback.ADDRESS, 40000), true);
  }

  /** A connection from {@code client}; {@code keepAliveTimings} false behaves like the NIO transport. */
  public FakeConnection(SocketAddress client, boolean keepAliveTimings) {
    this.client = client;
    sockets.put(Side.CLIENT, new FakeSocketOptions(keepAliveTimings));
    sockets.put(Side.BACKEND, new FakeSocketOptions(keepAliveTimings));
  }

  // ---- what the test drives

  /** The backend socket exists from now on ({@link #socket(Side)} of the backend fails before). */
  public void connectBackend() {
    backendConnected = true;
  }

  /** {@code n} bytes were read from the source of {@code direction} now. */
  public void receive(Direction direction, long n) {
    bytes[direction.ordinal()] += n;
    lastActivity = now;
  }

  /** The source of {@code direction} sent its FIN. */
  public void receiveFin(Direction direction) {
    fin[direction.ordinal()] = true;
  }

  /** Moves the clock on by {@code d}, running every timer due by then, in due order. */
  public void advance(Duration d) {
    long target = now + d.toNanos();
    for (int runs = 0; !timers.isEmpty(); runs++) { // bounded by MAX_TIMER_RUNS
      Timer next = timers.values().stream().min(DUE_ORDER).get();
      if (next.dueNanos > target) {
        break;
      }
      if (runs == MAX_TIMER_RUNS) {
        throw new IllegalStateException(runs + " timers ran without the clock reaching " + target + " ns: a timer re-arms itself with no delay");
      }
      timers.remove(next.id);
      now = Math.max(now, next.dueNanos);
      next.task.run();
    }
    now = Math.max(now, target);
  }

  // ---- what the test reads back

  /** Timers set and neither run nor cancelled. */
  public int pendingTimers() {
    return timers.size();
  }

  /** Every {@link #close} request, in order. */
  public List<Close> closes() {
    return List.copyOf(closes);
  }

  /** Sides the policy reset with {@link #reset}, in order. */
  public List<Side> resets() {
    return List.copyOf(resets);
  }

  public boolean isClosed() {
    return !closes.isEmpty();
  }

  /** What the other side gets when {@code side} resets, as the policy left it. */
  public CloseAction resetBecomes(Side side) {
    return resetBecomes.get(side);
  }

  public HalfCloseMode halfCloseMode() {
    return halfCloseMode;
  }

  public CloseAction connectFailureAction() {
    return connectFailureAction;
  }

  /** The socket options of {@code side}, connected or not. */
  public FakeSocketOptions options(Side side) {
    return sockets.get(side);
  }

  // ---- ConnectionContext

  @Override public long id() { return id; }
  @Override public String route() { return "test"; }
  @Override public SocketAddress clientAddress() { return client; }
  @Override public long nanoTime() { return now; }
  @Override public long lastActivityNanos() { return lastActivity; }
  @Override public long bytes(Direction direction) { return bytes[direction.ordinal()]; }
  @Override public boolean finReceived(Direction direction) { return fin[direction.ordinal()]; }

  @Override
  public long setTimer(long delayMillis, Runnable task) {
    long timerId = ++timerIds;
    if (!isClosed()) {
      timers.put(timerId, new Timer(now + Math.max(0, delayMillis) * 1_000_000L, timerId, task));
    }
    return timerId;
  }

  @Override
  public boolean cancelTimer(long timerId) {
    return timers.remove(timerId) != null;
  }

  @Override
  public SocketOptions socket(Side side) {
    if (side == Side.BACKEND && !backendConnected) {
      throw new IllegalStateException("the backend socket is not connected yet");
    }
    return sockets.get(side);
  }

  @Override public void translateReset(Side resettingSide, CloseAction toOtherSide) { resetBecomes.put(resettingSide, toOtherSide); }
  @Override public void halfCloseMode(HalfCloseMode mode) { halfCloseMode = mode; }
  @Override public void connectFailureAction(CloseAction action) { connectFailureAction = action; }

  /** Records the request and cancels every timer, as the gateway does once the connection is closed. */
  @Override
  public void close(CloseAction action, CloseCause cause) {
    closes.add(new Close(action, cause));
    timers.clear();
  }

  @Override
  public void reset(Side side, CloseCause cause) {
    resets.add(side);
  }
}
