package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.HalfCloseMode;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.Side;
import io.tcpgate.spi.SocketOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A connection with no sockets and a virtual clock, for driving one toxic: timers run only when the
 * test advances time; what the toxic emits, ends, closes or resets is recorded.
 */
final class FakeConnection implements ConnectionContext {
  private record Timer(long id, long dueNanos, Runnable task) {
  }

  private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) ->
    a.dueNanos != b.dueNanos ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.id, b.id));
  private final SocketAddress client;
  private long now = 1_000_000_000L;
  private long nextId;
  final Recorder out = new Recorder();
  final List<String> actions = new ArrayList<>();
  ConnectionPolicy policy;

  FakeConnection() {
    this(new InetSocketAddress("127.0.0.1", 40000));
  }

  FakeConnection(SocketAddress client) {
    this.client = client;
  }

  /** Creates the toxic from JSON settings, opens it on this connection, accepts and connects. */
  static FakeConnection open(PolicyFactory factory, String json) throws InvalidPolicyConfigException {
    FakeConnection c = new FakeConnection();
    c.policy = factory.create(new PolicyConfig(new JsonObject(json))).open(c);
    c.policy.onAccepted();
    c.policy.onBackendConnected();
    return c;
  }

  /** Sends bytes through the toxic downstream; returns its back-pressure future (null when ready). */
  Future<Void> send(byte[] bytes) {
    return policy.onData(Direction.DOWNSTREAM, Buffer.buffer(bytes), out);
  }

  /** Sends the downstream FIN; the recorder's {@code ended} says whether it went through. */
  void fin() {
    if (policy.onFin(Direction.DOWNSTREAM, out)) {
      out.end();
    }
  }

  /** Moves the clock forward, running every timer due, in order. */
  void advanceMillis(long millis) {
    long until = now + millis * 1_000_000L;
    while (!timers.isEmpty() && timers.peek().dueNanos <= until) {
      Timer t = timers.poll();
      now = Math.max(now, t.dueNanos);
      t.task.run();
    }
    now = until;
  }

  int pendingTimers() {
    return timers.size();
  }

  @Override
  public long id() {
    return 1;
  }

  @Override
  public String route() {
    return "fake";
  }

  @Override
  public SocketAddress clientAddress() {
    return client;
  }

  @Override
  public SocketAddress localAddress() {
    return new InetSocketAddress("127.0.0.1", 7000);
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public long lastActivityNanos() {
    return now;
  }

  @Override
  public long bytes(Direction direction) {
    return 0;
  }

  @Override
  public boolean finReceived(Direction direction) {
    return false;
  }

  @Override
  public boolean finDelivered(Direction direction) {
    return false;
  }

  @Override
  public long setTimer(long delayMillis, Runnable task) {
    long id = ++nextId;
    timers.add(new Timer(id, now + Math.max(0, delayMillis) * 1_000_000L, task));
    return id;
  }

  @Override
  public boolean cancelTimer(long timerId) {
    return timers.removeIf(t -> t.id == timerId);
  }

  @Override
  public SocketOptions socket(Side side) {
    throw new UnsupportedOperationException("no sockets here");
  }

  @Override
  public void translateReset(Side resettingSide, CloseAction toOtherSide) {
    actions.add("translate-reset " + resettingSide.wireName() + " " + toOtherSide.wireName());
  }

  @Override
  public void halfCloseMode(HalfCloseMode mode) {
    actions.add("half-close " + mode);
  }

  @Override
  public void connectFailureAction(CloseAction action) {
    actions.add("connect-failure " + action.wireName());
  }

  @Override
  public void close(CloseAction action, CloseCause cause) {
    actions.add("close " + action.wireName() + " at " + (now / 1_000_000L - 1000) + "ms");
  }

  @Override
  public void reset(Side side, CloseCause cause) {
    actions.add("reset " + side.wireName() + " at " + (now / 1_000_000L - 1000) + "ms");
  }
}
