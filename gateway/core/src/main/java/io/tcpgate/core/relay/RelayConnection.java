package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.ScheduledFuture;
import io.tcpgate.core.config.Address;
import io.tcpgate.core.route.BackendPool;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.HalfCloseMode;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;
import io.tcpgate.spi.SocketOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection relayed to one backend: the two sockets, the close rules, the policy chain.
 *
 * <p>Bytes read from one socket are written to the other in order. Without a data-touching policy they
 * go straight from channel to channel (no copy, no future); reading a socket pauses while the other's
 * write queue is above its high-water mark. A FIN is relayed after every earlier byte was written; a
 * reset follows the connection's reset translation. Everything runs on the client's event loop.
 *
 * <p>This class holds the connection's state, relays its bytes and answers its policies and the admin
 * API; its backend connect is {@link BackendConnect}'s, and how its sockets are ended (FIN, RST, the
 * orderly-close flush, the close cause) is {@link Closing}'s.
 */
public final class RelayConnection implements ConnectionContext {
  static final Logger LOG = LoggerFactory.getLogger(RelayConnection.class);
  /**
   * An orderly close of a socket (flush, our FIN, then reading until the peer's FIN), ms: how long the
   * flush may go without any held byte leaving before the socket is reset instead (a FIN would tell
   * the peer every byte arrived; a slow reader that keeps reading is waited for), and how long the
   * socket is read after our FIN.
   */
  static final long DRAIN_MILLIS = 5_000;
  /**
   * How long an orderly close keeps a socket whose peer reads, ms: a flush that moved no byte for
   * {@link #DRAIN_MILLIS}, then the read after our FIN (a slow reader's flush may last longer).
   */
  public static final long ORDERLY_CLOSE_MILLIS = 2 * DRAIN_MILLIS;
  /**
   * How long a peer's reset waits, at most, for the bytes the gateway already received from that peer
   * (held by policies, queued for the socket) to reach the other side before that side gets the
   * reset's translation, ms.
   */
  static final long RESET_FLUSH_MILLIS = 1_000;
  /** Name of the relay's handler in each socket's pipeline. */
  static final String HANDLER = "tcpgate-relay";

  final long id;
  final RouteRuntime route;
  final Leg client = new Leg(Side.CLIENT);
  final Leg backend = new Leg(Side.BACKEND);
  private final long startNanos = System.nanoTime();
  private final long startEpochMillis = System.currentTimeMillis();
  private long lastActivityNanos = startNanos;
  /** {@link #sentToSockets()} when activity was last recorded; kept once a policy asked for the activity. */
  private long sentAtLastLook;
  /** A policy looks at {@link #lastActivityNanos()} (idle-timeout): reads then also note what was written. */
  private boolean activityWatched;
  final Map<Long, ScheduledFuture<?>> timers = new HashMap<>();
  private long nextTimerId;

  /** Set on the event loop when the connection starts; volatile for the admin API's readers. */
  volatile PolicyChain chain;
  CloseAction clientResetBecomes = CloseAction.RST;
  CloseAction backendResetBecomes = CloseAction.RST;
  private HalfCloseMode halfCloseMode = HalfCloseMode.PROPAGATE;
  CloseAction connectFailureAction;
  /** Per direction: when its source was reset, the deadline (System.nanoTime) of its end reaching the sink; 0 if not reset. */
  final long[] resetEndDeadline = new long[2];
  /** Why the connection ends: the first cause set ({@link Closing#setCause}); null before. */
  CloseCause cause;
  /**
   * The gateway began ending the connection: its FIN or RST is on the way to a socket. Set on the close
   * path only; volatile for the admin API's readers.
   */
  volatile boolean closing;
  /** The connection ended ({@link Closing#finish}): nothing more is relayed or run for it. */
  boolean finished;
  Address backendAddress;
  BackendPool.Member backendMember;

  /** @param clientSocket the accepted client socket, not reading yet */
  public RelayConnection(long id, RouteRuntime route, LegSocket clientSocket) {
    this.id = id;
    this.route = route;
    client.socket(clientSocket);
    this.connectFailureAction = route.config().connectFailure();
    client.peer = backend;
    backend.peer = client;
  }

  /**
   * Called on the client's event loop once it is accepted, before any read.
   *
   * @param context a Vert.x context on that event loop: a backend given by name is connected from it
   *     (held only until the backend connect ends)
   */
  public void start(Context context) {
    adoptClient();
    try {
      chain = new PolicyChain(this, route.openPolicies(this));
    } catch (RuntimeException e) {
      // a plugin failed to open (the message names it): nothing can be trusted, reset the client
      LOG.error("route {}: connection {}: {}; resetting the client", route.name(), id, e.getMessage(), e);
      closeUnrelayed(CloseAction.RST, CloseCause.ERROR);
      return;
    }
    chain.onAccepted();
    if (finished || client.closing) {
      return;
    }
    Future<Void> gate = chain.beforeBackendConnect();
    if (gate == null) {
      BackendConnect.start(this, context);
    } else {
      gate.onComplete(ar -> onLoop(() -> {
        if (!client.closing) {
          BackendConnect.start(this, context);
        }
      }));
    }
  }

  /**
   * Called on the client's event loop in place of {@link #start} when the route stopped or was disabled
   * after its listener took this client but before this client's accept ran: the client is closed with
   * {@code action}, relays nothing, and is logged and counted as closed for {@code cause} (a stop for good:
   * {@link CloseAction#RST}, {@link CloseCause#SHUTDOWN}; a disable: {@link CloseAction#FIN}, as the disable
   * closed the live connections, {@link CloseCause#ADMIN}).
   */
  public void refuseLateAccept(CloseAction action, CloseCause cause) {
    adoptClient();
    closeUnrelayed(action, cause);
  }

  private void adoptClient() {
    client.adopt(this, route.config().bufferBytes());
  }

  /** Closes the client of a connection no policy acts on and no backend was asked for with {@code action}. */
  private void closeUnrelayed(CloseAction action, CloseCause cause) {
    chain = new PolicyChain(this, List.of());
    close(action, cause);
  }

  // ---- events from the sockets (LegHandler), in socket order

  void onRead(Leg src, ByteBuf buf) {
    int n = buf.readableBytes();
    src.reading = true;
    if (src.isReadingPaused()) {
      src.overflowBytes += n + SocketControl.QUEUE_ENTRY_OVERHEAD; // in the unit of the queue it lands in
    }
    Leg dst = src.peer;
    if (src.draining || dst.outputEnded || finished) {
      buf.release(); // read after its direction ended (e.g. while draining after our FIN): dropped, not counted
      return;
    }
    src.bytesRead += n;
    if (!dst.isRelaying()) {
      // read before the backend connected (the client's bytes while the backend connects)
      src.holdEarly(buf);
      src.pauseReading();
      return;
    }
    relay(src, dst, buf);
  }

  void relay(Leg src, Leg dst, ByteBuf buf) {
    Direction dir = Direction.from(src.side);
    if (chain.touchesData(dir)) {
      chain.onData(dir, buf);
    } else {
      write(dst, buf);
    }
    if (!dst.isWritable()) {
      src.pauseReading();
    }
  }

  /** Writes to a socket; the buffer is released by the write. */
  void write(Leg dst, ByteBuf buf) {
    dst.bytesWritten += buf.readableBytes();
    dst.write(buf);
    dst.needsFlush = true;
    dst.noteQueued();
  }

  void onReadComplete(Leg src) {
    src.reading = false;
    if (src.bytesRead != src.bytesReported) {
      route.stats().addBytes(Direction.from(src.side), src.bytesRead - src.bytesReported);
      src.bytesReported = src.bytesRead;
    }
    Leg dst = src.peer;
    if (dst.needsFlush && dst.isRelaying()) {
      dst.needsFlush = false;
      dst.flush();
    }
    lastActivityNanos = System.nanoTime();
    if (activityWatched) {
      sentAtLastLook = sentToSockets();
    }
  }

  void onWritabilityChanged(Leg leg) {
    if (leg.isWritable() && !chain.holdsBackPressure(Direction.from(leg.peer.side))) {
      leg.peer.resumeReading();
    }
  }

  void onFin(Leg src) {
    if (src.inputEnded) {
      return;
    }
    src.inputEnded = true;
    if (src.resetSeen) {
      Closing.onReset(this, src);
      return;
    }
    src.finReceived = true;
    if (src.draining) {
      if (src.finSent) {
        Closing.closeLeg(this, src);
      } // else closed once the bytes queued for it are flushed (finAndDrain)
      return;
    }
    if (!src.peer.isRelaying()) {
      return; // relayed once the backend is connected, after the early bytes
    }
    chain.onFin(Direction.from(src.side));
  }

  /** The FIN of {@code dir} passed every policy: relay it per the half-close mode (a reset source's end: per the reset translation). */
  void deliverFin(Direction dir) {
    Leg dst = dir == Direction.UPSTREAM ? backend : client;
    if (resetEndDeadline[dir.ordinal()] != 0) {
      Closing.endAfterReset(this, dir);
      return;
    }
    if (finished || dst.outputEnded) {
      return;
    }
    if (halfCloseMode == HalfCloseMode.CLOSE) {
      Closing.setCause(this, CloseCause.HALF_CLOSE);
      Closing.finAndDrain(this, dst);
      Closing.finAndDrain(this, dst.peer);
      return;
    }
    dst.outputEnded = true;
    Closing.flushThen(dst, () -> {
      dst.shutdownOutput();
      dst.finSent = true;
      Closing.completeIfDone(this);
    });
  }

  /**
   * An I/O error on a socket is its peer's reset (or a write into a socket the peer reset). Bytes the
   * peer sent before the reset may still be unread: they are read and relayed first, and the reset is
   * acted on when the read reaches it (Netty then signals input shutdown) or the socket closes.
   */
  void onError(Leg leg, Throwable cause) {
    if (cause instanceof IOException && !(cause instanceof ClosedChannelException)) {
      leg.resetSeen = true;
      if (leg.inputEnded || !leg.isActive()) {
        Closing.onReset(this, leg);
      }
    } else if (!leg.closing && !finished) {
      LOG.warn("route {}: connection {}: {} socket error: {}", route.name(), id, leg.side.wireName(), cause.toString());
      Closing.setCause(this, CloseCause.ERROR);
      Closing.resetNow(this, leg);
      if (leg.peer.hasSocket()) {
        Closing.resetNow(this, leg.peer);
      }
    }
  }

  void onInactive(Leg leg) {
    if (!leg.closing && !(leg.finReceived && leg.finSent)) {
      Closing.onReset(this, leg);
    }
    Leg other = leg.peer;
    if (!other.isOpen()) {
      Closing.finish(this, cause == null ? CloseCause.COMPLETED : cause);
    }
  }

  // ---- ConnectionContext, for policies

  @Override
  public long id() {
    return id;
  }

  @Override
  public String route() {
    return route.name();
  }

  @Override
  public SocketAddress clientAddress() {
    return client.hasSocket() ? client.remoteAddress() : null;
  }

  @Override
  public SocketAddress localAddress() {
    return client.hasSocket() ? client.localAddress() : null;
  }

  /** The backend this connection went to, or null before it connected. */
  public Address backendAddress() {
    return backendAddress;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /**
   * Reads mark activity as they happen; writes are seen here, by what the gateway has handed to its
   * sockets since the last look (what waits in a socket's queue is not handed on yet), so a slow reader
   * the gateway keeps writing to is not idle while the gateway's reading is paused for it.
   */
  @Override
  public long lastActivityNanos() {
    activityWatched = true;
    long sent = sentToSockets();
    if (sent != sentAtLastLook) {
      sentAtLastLook = sent;
      lastActivityNanos = System.nanoTime();
    }
    return lastActivityNanos;
  }

  /** Bytes the gateway has written into both sockets so far. */
  private long sentToSockets() {
    return sentTo(client) + sentTo(backend);
  }

  private static long sentTo(Leg leg) {
    return leg.hasSocket() ? leg.bytesWritten - leg.queuedBytes() : leg.bytesWritten;
  }

  /** Wall-clock time when the client was accepted, ms since the epoch. */
  public long startEpochMillis() {
    return startEpochMillis;
  }

  /** How one side ended: what it sent ({@code fin}, {@code rst}, {@code none}) and what it got from the gateway. */
  public record Ending(String sent, String got) {
  }

  /** How {@code side} ended so far. */
  public Ending ending(Side side) {
    Leg leg = side == Side.CLIENT ? client : backend;
    String sent = leg.wasReset ? "rst" : leg.finReceived ? "fin" : "none";
    String got = !leg.hasSocket() ? "none" : leg.resetSent ? "rst" : leg.finSent ? "fin" : "close";
    return new Ending(sent, got);
  }

  /** Types of the policies acting on this connection (those whose instance is not a no-op), in order. */
  public List<String> actingPolicies() {
    return chain == null ? List.of() : chain.policies().stream()
      .filter(p -> p.instance() != ConnectionPolicy.NONE).map(ActivePolicy::type).toList();
  }

  /** {@link #nanoTime()} when the client was accepted. */
  public long startNanos() {
    return startNanos;
  }

  @Override
  public long bytes(Direction direction) {
    return direction == Direction.UPSTREAM ? client.bytesRead : backend.bytesRead;
  }

  @Override
  public boolean finReceived(Direction direction) {
    return (direction == Direction.UPSTREAM ? client : backend).finReceived;
  }

  @Override
  public boolean finDelivered(Direction direction) {
    return leg(direction.sink()).finSent;
  }

  /** Largest number of bytes the gateway ever held queued for {@code direction}'s receiving socket. */
  public long maxQueuedBytes(Direction direction) {
    return (direction == Direction.UPSTREAM ? backend : client).maxQueued;
  }

  /**
   * Bytes of {@code direction} read while its reading was paused: 0, except what the kernel held when
   * the sending socket was shut both ways (reset, or FIN each way) — at most its receive buffer.
   */
  public long overflowBytes(Direction direction) {
    return (direction == Direction.UPSTREAM ? client : backend).overflowBytes;
  }

  /** Whether reading {@code direction}'s sender is paused by back-pressure now (read from any thread). */
  public boolean readingPaused(Direction direction) {
    return (direction == Direction.UPSTREAM ? client : backend).isReadingPaused();
  }

  /** Why the connection ended, or null while it is open. */
  public CloseCause closeCause() {
    return finished ? cause : null;
  }

  /** Whether the gateway began ending this connection (its FIN or RST is on the way to a socket); read from any thread. */
  public boolean isClosing() {
    return closing;
  }

  public boolean isFinished() {
    return finished;
  }

  @Override
  public long setTimer(long delayMillis, Runnable task) {
    long timerId = ++nextTimerId;
    ScheduledFuture<?> f = client.schedule(() -> {
      timers.remove(timerId);
      if (!finished) {
        task.run();
      }
    }, Math.max(0, delayMillis));
    timers.put(timerId, f);
    return timerId;
  }

  @Override
  public boolean cancelTimer(long timerId) {
    ScheduledFuture<?> f = timers.remove(timerId);
    return f != null && f.cancel(false);
  }

  @Override
  public SocketOptions socket(Side side) {
    Leg leg = side == Side.CLIENT ? client : backend;
    if (!leg.hasSocket()) {
      throw new IllegalStateException("the " + side.wireName() + " socket is not connected yet");
    }
    return leg.options();
  }

  @Override
  public void translateReset(Side resettingSide, CloseAction toOtherSide) {
    if (resettingSide == Side.CLIENT) {
      clientResetBecomes = toOtherSide;
    } else {
      backendResetBecomes = toOtherSide;
    }
  }

  @Override
  public void halfCloseMode(HalfCloseMode mode) {
    halfCloseMode = mode;
  }

  @Override
  public void connectFailureAction(CloseAction action) {
    connectFailureAction = action;
  }

  @Override
  public void close(CloseAction action, CloseCause closeCause) {
    if (finished) {
      return;
    }
    Closing.setCause(this, closeCause);
    for (Leg leg : new Leg[] {client, backend}) {
      if (!leg.isOpen()) {
        continue;
      }
      if (action == CloseAction.RST) {
        Closing.resetNow(this, leg);
      } else {
        Closing.finAndDrain(this, leg);
      }
    }
  }

  @Override
  public void reset(Side side, CloseCause closeCause) {
    Leg leg = side == Side.CLIENT ? client : backend;
    if (finished || !leg.isOpen()) {
      return;
    }
    Closing.setCause(this, closeCause);
    Closing.flushThenReset(this, leg, RESET_FLUSH_MILLIS); // what was passed on for it so far goes first
    Leg other = leg.peer;
    if (other.isOpen()) {
      Closing.endAfterPeerReset(this, side, other, RESET_FLUSH_MILLIS);
    }
  }

  // ---- policies changed at run time (toxics): called from any thread, applied on the event loop

  /** Adds a named policy to this live connection, after the others. */
  public void addPolicy(String type, String name, Policy policy) {
    onLoop(() -> {
      if (chain.policies().stream().anyMatch(p -> name.equals(p.name()))) {
        return; // opened with the connection already
      }
      ActivePolicy active = open(type, name, policy);
      chain.add(active);
      started(active);
    });
  }

  /**
   * Replaces the named policy in place: its live instance takes the new settings over when it can
   * ({@link ConnectionPolicy#update}), else it hands on what it holds and a new one
   * opens; adds it when absent.
   */
  public void replacePolicy(String type, String name, Policy policy) {
    onLoop(() -> {
      if (chain.update(name, policy)) {
        return;
      }
      ActivePolicy active = open(type, name, policy);
      if (!chain.remove(name, active)) {
        chain.add(active);
      }
      started(active);
    });
  }

  /** Removes the named policy from this live connection; what it holds is handed on first. */
  public void removePolicy(String name) {
    onLoop(() -> chain.remove(name, null));
  }

  /**
   * Completes once every change posted to this connection's event loop before this call has been
   * applied (a task runs after the earlier ones); at once when the connection has ended.
   */
  public Future<Void> barrier() {
    Promise<Void> done = Promise.promise();
    if (!client.hasSocket() || finished) {
      done.complete();
    } else {
      client.eventLoop().execute(done::tryComplete);
    }
    return done.future();
  }

  /**
   * What {@code read} gives, run on this connection's event loop, where the relay writes its counters and
   * flags as plain fields: there it sees every value written before (another thread may see them stale,
   * a count torn). Null once the connection has ended; failed when its event loop takes no more tasks.
   */
  public <T> Future<T> readOnLoop(Supplier<T> read) {
    Promise<T> result = Promise.promise();
    try {
      runOnLoop(() -> result.complete(finished ? null : read.get()));
    } catch (RejectedExecutionException e) {
      result.fail(e);
    }
    return result.future();
  }

  /** {@link #close} from any thread, applied on the connection's event loop. */
  public void closeOnLoop(CloseAction action, CloseCause closeCause) {
    onLoop(() -> close(action, closeCause));
  }

  /** Names of the named policies (toxics) acting on this connection, in order. */
  public List<String> policyNames() {
    return chain == null ? List.of() : chain.policies().stream()
      .filter(p -> p.name() != null && p.instance() != ConnectionPolicy.NONE)
      .map(ActivePolicy::name).toList();
  }

  private ActivePolicy open(String type, String name, Policy policy) {
    ConnectionPolicy instance = policy.open(this);
    return new ActivePolicy(type, name, policy, instance == null ? ConnectionPolicy.NONE : instance);
  }

  private void started(ActivePolicy active) {
    if (active.instance() == ConnectionPolicy.NONE || finished) {
      return;
    }
    try {
      active.instance().onAdded();
      if (backend.isRelaying()) {
        active.instance().onBackendConnected();
      }
    } catch (RuntimeException e) {
      LOG.error("route {}: connection {}: policy {} failed when added: {}", route.name(), id, active.label(), e.toString(), e);
      close(CloseAction.RST, CloseCause.ERROR);
    }
  }

  /**
   * Runs {@code task} on this connection's event loop (now when already there), unless it has ended
   * (or its event loop is gone: the gateway stopped).
   */
  void onLoop(Runnable task) {
    if (!client.hasSocket() || client.eventLoop().isShuttingDown()) {
      return;
    }
    runOnLoop(() -> {
      if (!finished) {
        task.run();
      }
    });
  }

  /** Runs {@code task} now when on the client's event loop, else queued there (which may refuse it once the loop ends). */
  private void runOnLoop(Runnable task) {
    if (client.eventLoop().inEventLoop()) {
      task.run();
    } else {
      client.eventLoop().execute(task);
    }
  }

  // ---- access for the policy chain

  Leg leg(Side side) {
    return side == Side.CLIENT ? client : backend;
  }
}
