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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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

  private static long nextId;
  private final long id = ++nextId;
  private final SocketAddress client;
  private final SocketAddress local;
  private final Map<Side, FakeSocketOptions> sockets = new EnumMap<>(Side.class);
  private final Map<Side, CloseAction> resetBecomes = new EnumMap<>(Map.of(Side.CLIENT, CloseAction.RST, Side.BACKEND, CloseAction.RST));
  private final VirtualClock clock = new VirtualClock();
  private final long[] bytes = new long[2];
  private final boolean[] fin = new boolean[2];
  private final boolean[] finDelivered = new boolean[2];
  private final List<Close> closes = new ArrayList<>();
  private final List<Side> resets = new ArrayList<>();
  private long lastActivity = clock.nanoTime();
  private boolean backendConnected;
  private HalfCloseMode halfCloseMode = HalfCloseMode.PROPAGATE;
  private CloseAction connectFailureAction = CloseAction.FIN;

  /** A connection from 127.0.0.1:40000 whose sockets accept keep-alive timings (as on epoll). */
  public FakeConnection() {
    this(new InetSocketAddress(Loopback.ADDRESS, 40000), true);
  }

  /** A connection from {@code client} to 127.0.0.1:7000; {@code keepAliveTimings} false behaves like the NIO transport. */
  public FakeConnection(SocketAddress client, boolean keepAliveTimings) {
    this(client, new InetSocketAddress(Loopback.ADDRESS, 7000), keepAliveTimings);
  }

  /** A connection from {@code client} to {@code local}, the gateway's end of the client's socket. */
  public FakeConnection(SocketAddress client, SocketAddress local, boolean keepAliveTimings) {
    this.client = client;
    this.local = local;
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
    lastActivity = clock.nanoTime();
  }

  /** The source of {@code direction} sent its FIN. */
  public void receiveFin(Direction direction) {
    fin[direction.ordinal()] = true;
  }

  /** The FIN of {@code direction} reached its sink, after every byte before it. */
  public void deliverFin(Direction direction) {
    finDelivered[direction.ordinal()] = true;
  }

  /** Moves the clock on by {@code d}, running every timer due by then, in due order. */
  public void advance(Duration d) {
    clock.advance(d);
  }

  // ---- what the test reads back

  /** Timers set and neither run nor cancelled. */
  public int pendingTimers() {
    return clock.pending();
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
  @Override public SocketAddress localAddress() { return local; }
  @Override public long nanoTime() { return clock.nanoTime(); }
  @Override public long lastActivityNanos() { return lastActivity; }
  @Override public long bytes(Direction direction) { return bytes[direction.ordinal()]; }
  @Override public boolean finReceived(Direction direction) { return fin[direction.ordinal()]; }
  @Override public boolean finDelivered(Direction direction) { return finDelivered[direction.ordinal()]; }

  @Override
  public long setTimer(long delayMillis, Runnable task) {
    return isClosed() ? clock.unscheduledId() : clock.schedule(delayMillis, task);
  }

  @Override
  public boolean cancelTimer(long timerId) {
    return clock.cancel(timerId);
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
    clock.cancelAll();
  }

  @Override
  public void reset(Side side, CloseCause cause) {
    resets.add(side);
  }
}
