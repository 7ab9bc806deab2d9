package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of one connection, in order, and the path bytes take through those that touch data.
 * Policies can be added and removed while the connection lives (toxics): a removed policy first hands
 * on what it holds, so no byte is lost, duplicated or reordered; with no data-touching policy left the
 * connection is back on the fast path. Checks each plugin's contract and names the plugin when it
 * breaks it or fails: the connection is then reset, since its bytes can no longer be trusted.
 * Used on the connection's event loop only.
 */
final class PolicyChain {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyChain.class);

  private final RelayConnection connection;
  /** Sentinel before the first policy; the last node's {@code next} is null (the socket). */
  private final Node head = new Node(null, false);
  private final boolean[] touches = new boolean[2];
  /** Whether a policy touching a direction may keep its chunks (so each gets a heap copy). */
  private final boolean[] keeps = new boolean[2];
  /**
   * The memory owner ({@link SocketControl#memoryOwner}) of the read buffer lent to the policies of a
   * direction during {@link #onData}, else null: found once per read, not per write.
   */
  private final ByteBuf[] lent = new ByteBuf[2];
  /** Whether the FIN of a direction (or the end of a reset source) has entered the chain, and passed its last policy. */
  private final boolean[] finEntered = new boolean[2];
  private final boolean[] finDelivered = new boolean[2];
  /** {@link #release} is handing on what the policies of a direction hold. */
  private final boolean[] releasing = new boolean[2];
  private boolean broken;
  /** {@link #policies()}: replaced (on the event loop) whenever a policy is added or removed; read from any thread. */
  private volatile List<ActivePolicy> snapshot = List.of();

  /** One policy in the chain. A removed node keeps its {@code next}, so late emits still go on in order. */
  private final class Node {
    ActivePolicy policy;
    Node next;
    boolean removed;
    /** Whether this policy took a direction's FIN over and has not passed it on yet. */
    final boolean[] finHeld = new boolean[2];
    /** Back-pressure futures of this node not completed yet, per direction. */
    final int[] pending = new int[2];
    final Stage[] stages = new Stage[2];

    /** Opened when the client was accepted (not added to the live connection at run time). */
    final boolean openedAtAccept;

    Node(ActivePolicy policy, boolean openedAtAccept) {
      this.policy = policy;
      this.openedAtAccept = openedAtAccept;
    }

    boolean touches(Direction d) {
      return !removed && policy.instance() != ConnectionPolicy.NONE && policy.policy().touchesData(d);
    }

    Stage stage(Direction d) {
      Stage s = stages[d.ordinal()];
      if (s == null) {
        s = stages[d.ordinal()] = new Stage(this, d);
      }
      return s;
    }
  }

  PolicyChain(RelayConnection connection, List<ActivePolicy> policies) {
    this.connection = connection;
    Node tail = head;
    for (ActivePolicy p : policies) {
      tail.next = new Node(p, true);
      tail = tail.next;
    }
    recompute();
  }

  boolean touchesData(Direction d) {
    return touches[d.ordinal()];
  }

  boolean holdsBackPressure(Direction d) {
    for (Node n = head.next; n != null; n = n.next) {
      if (n.pending[d.ordinal()] > 0) {
        return true;
      }
    }
    return false;
  }

  /** The policies now in the chain, in order: an immutable snapshot, safe to read from any thread. */
  List<ActivePolicy> policies() {
    return snapshot;
  }

  /** Appends a policy to a live connection; it sees the bytes that arrive from now on. */
  void add(ActivePolicy p) {
    Node tail = head;
    while (tail.next != null) {
      tail = tail.next;
    }
    tail.next = new Node(p, false);
    recompute();
  }

  /**
   * Lets the live instance of the named policy take {@code next}'s settings over in place
   * ({@link ConnectionPolicy#update}); false when there is none, when next would touch other data, or
   * when the instance declines (the caller then replaces it). A connection the policy did not pick
   * ({@link ConnectionPolicy#NONE}) stays unpicked when next picks alike ({@link Policy#selectsLike}).
   */
  boolean update(String name, Policy next) {
    for (Node n = head.next; n != null; n = n.next) {
      if (!name.equals(n.policy.name())) {
        continue;
      }
      Policy current = n.policy.policy();
      if (n.policy.instance() == ConnectionPolicy.NONE) {
        if (!next.selectsLike(current)) {
          return false;
        }
        n.policy = new ActivePolicy(n.policy.type(), name, next, ConnectionPolicy.NONE); // still not picked
        recompute();
        return true;
      }
      if (current.keepsChunks() != next.keepsChunks()) {
        return false;
      }
      for (Direction d : Direction.values()) {
        if (current.touchesData(d) != next.touchesData(d)) {
          return false;
        }
      }
      try {
        if (!n.policy.instance().update(next)) {
          return false;
        }
      } catch (RuntimeException e) {
        fail(n.policy, "update", e);
        return false;
      }
      n.policy = new ActivePolicy(n.policy.type(), name, next, n.policy.instance());
      recompute();
      return true;
    }
    return false;
  }

  /**
   * Removes the named policy from a live connection, after it handed on what it holds; with
   * {@code replacement}, puts that in its place (a toxic updated at run time).
   */
  boolean remove(String name, ActivePolicy replacement) {
    for (Node prev = head, n = head.next; n != null; prev = n, n = n.next) {
      if (name.equals(n.policy.name())) {
        // The directions it touches, and those whose FIN it holds (a policy may hold a FIN without touching bytes).
        for (Direction d : Direction.values()) {
          if (n.touches(d) || n.finHeld[d.ordinal()]) {
            try {
              n.policy.instance().onRemoved(d, n.stage(d));
            } catch (RuntimeException e) {
              fail(n.policy, "onRemoved", e);
            }
          }
        }
        if (n.policy.instance() != ConnectionPolicy.NONE) {
          try {
            n.policy.instance().onRemoved();
          } catch (RuntimeException e) {
            fail(n.policy, "onRemoved", e);
          }
        }
        n.removed = true;
        if (replacement != null) {
          Node r = new Node(replacement, false);
          r.next = n.next;
          prev.next = r;
        } else {
          prev.next = n.next;
        }
        recompute();
        for (Direction d : Direction.values()) {
          if (n.pending[d.ordinal()] > 0) {
            n.pending[d.ordinal()] = 0;
            resumeIfFree(d);
          }
        }
        return true;
      }
    }
    return false;
  }

  /**
   * The gateway ends the socket {@code d} flows to with its own FIN: every policy on {@code d} hands on at
   * once what it holds ({@link ConnectionPolicy#onRemoved(Direction, io.tcpgate.spi.DataSink)}), in chain
   * order, so what one hands on passes the ones after it and reaches the socket before that FIN. The
   * policies stay; a FIN one of them held is not relayed (the gateway's own follows).
   */
  void release(Direction d) {
    releasing[d.ordinal()] = true;
    try {
      for (Node n = head.next; n != null && !broken; n = n.next) {
        if (n.touches(d) || n.finHeld[d.ordinal()]) {
          try {
            n.policy.instance().onRemoved(d, n.stage(d));
          } catch (RuntimeException e) {
            fail(n.policy, "onRemoved", e);
          }
        }
      }
    } finally {
      releasing[d.ordinal()] = false;
    }
  }

  private void recompute() {
    List<ActivePolicy> list = new ArrayList<>();
    for (Node n = head.next; n != null; n = n.next) {
      list.add(n.policy);
    }
    snapshot = List.copyOf(list);
    for (Direction d : Direction.values()) {
      boolean t = false;
      boolean k = false;
      for (Node n = head.next; n != null; n = n.next) {
        t |= n.touches(d);
        k |= n.touches(d) && n.policy.policy().keepsChunks();
      }
      touches[d.ordinal()] = t;
      keeps[d.ordinal()] = k;
    }
  }

  void onAccepted() {
    each("onAccepted", ConnectionPolicy::onAccepted);
  }

  /** What the policies say before the backend connect: null to go now, or a future that holds it. */
  Future<Void> beforeBackendConnect() {
    List<Future<Void>> gates = new ArrayList<>();
    each("beforeBackendConnect", p -> {
      Future<Void> gate = p.beforeBackendConnect();
      if (gate != null && !gate.isComplete()) {
        gates.add(gate);
      }
    });
    if (gates.isEmpty()) {
      return null;
    }
    return Future.join(gates).mapEmpty();
  }

  void onBackendConnected() {
    each("onBackendConnected", ConnectionPolicy::onBackendConnected);
  }

  /**
   * What the policies opened when the client was accepted give to write to the backend before anything
   * else ({@link ConnectionPolicy#backendPreamble}), in chain order; null when none gives any.
   */
  Buffer backendPreamble() {
    Buffer[] preamble = new Buffer[1];
    each("backendPreamble", p -> {
      Buffer bytes = p.backendPreamble();
      if (bytes != null && bytes.length() > 0) {
        preamble[0] = preamble[0] == null ? bytes : preamble[0].copy().appendBuffer(bytes);
      }
    }, true);
    return broken ? null : preamble[0];
  }

  void onReset(Side side) {
    each("onReset", p -> p.onReset(side));
  }

  void onClose(CloseCause cause) {
    each("onClose", p -> p.onClose(cause));
  }

  /**
   * Bytes read from the source of {@code d}, in a pooled buffer released here. When a policy on the way
   * may keep chunks ({@link Policy#keepsChunks}) they get a heap copy, which the garbage
   * collector frees; otherwise the read buffer itself is lent to them until this returns, and what
   * reaches the socket meanwhile is written without a copy.
   */
  void onData(Direction d, ByteBuf buf) {
    int dir = d.ordinal();
    if (keeps[dir]) {
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      buf.release();
      dataAfter(head, d, SocketControl.toBuffer(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(bytes))));
      return;
    }
    lent[dir] = SocketControl.memoryOwner(buf);
    try {
      dataAfter(head, d, SocketControl.toBuffer(buf));
    } finally {
      lent[dir] = null;
      buf.release();
    }
  }

  /** The source of {@code d} ended (its FIN, or a reset): once per direction, the later call is ignored. */
  void onFin(Direction d) {
    if (finEntered[d.ordinal()]) {
      return;
    }
    finEntered[d.ordinal()] = true;
    finAfter(head, d);
  }

  private void dataAfter(Node from, Direction d, Buffer chunk) {
    if (broken) {
      return;
    }
    for (Node n = from.next; n != null; n = n.next) {
      if (!n.touches(d)) {
        continue;
      }
      Future<Void> ready;
      try {
        ready = n.policy.instance().onData(d, chunk, n.stage(d));
      } catch (RuntimeException e) {
        fail(n.policy, "onData", e);
        return;
      }
      if (ready != null && !ready.isComplete()) {
        holdUntil(n, d, ready);
      }
      return;
    }
    toSocket(d, chunk);
  }

  /** Back-pressure from a data hook: the source is not read until {@code ready} completes. */
  private void holdUntil(Node n, Direction d, Future<Void> ready) {
    int dir = d.ordinal();
    n.pending[dir]++;
    connection.leg(d.source()).pauseReading();
    ready.onComplete(ar -> connection.onLoop(() -> {
      if (n.pending[dir] > 0) {
        n.pending[dir]--;
      }
      resumeIfFree(d);
    }));
  }

  private void resumeIfFree(Direction d) {
    Leg sink = connection.leg(d.sink());
    if (!holdsBackPressure(d) && sink.isWritable()) {
      connection.leg(d.source()).resumeReading();
    }
  }

  private void toSocket(Direction d, Buffer chunk) {
    if (finDelivered[d.ordinal()]) {
      broken = true;
      LOG.error("route {}: connection {}: a policy emitted bytes after the {} FIN; resetting",
        connection.route(), connection.id(), d.wireName());
      connection.close(CloseAction.RST, CloseCause.ERROR);
      return;
    }
    Leg sink = connection.leg(d.sink());
    if (!sink.outputEnded && sink.isRelaying()) {
      connection.write(sink, SocketControl.forWrite(chunk, lent[d.ordinal()]));
      if (!connection.leg(d.source()).reading) {
        // emitted outside a read batch (e.g. from a timer): nothing else will flush it
        sink.needsFlush = false;
        sink.flush();
      }
    }
  }

  private void finAfter(Node from, Direction d) {
    if (broken) {
      return;
    }
    for (Node n = from.next; n != null; n = n.next) {
      if (n.removed || n.policy.instance() == ConnectionPolicy.NONE) {
        continue;
      }
      boolean goOn;
      try {
        goOn = n.policy.instance().onFin(d, n.stage(d));
      } catch (RuntimeException e) {
        fail(n.policy, "onFin", e);
        return;
      }
      if (!goOn) {
        if (!n.stage(d).ended) {
          n.finHeld[d.ordinal()] = true;
        }
        return;
      }
    }
    if (!finDelivered[d.ordinal()]) {
      finDelivered[d.ordinal()] = true;
      if (!releasing[d.ordinal()]) {
        connection.deliverFin(d);
      }
    }
  }

  private void each(String hook, Consumer<ConnectionPolicy> call) {
    each(hook, call, false);
  }

  /** Calls {@code hook} on each policy acting on the connection (with {@code acceptedOnly}, those opened when the client was accepted). */
  private void each(String hook, Consumer<ConnectionPolicy> call, boolean acceptedOnly) {
    for (Node n = head.next; n != null; n = n.next) {
      if (n.removed || n.policy.instance() == ConnectionPolicy.NONE || (acceptedOnly && !n.openedAtAccept)) {
        continue;
      }
      try {
        call.accept(n.policy.instance());
      } catch (RuntimeException e) {
        fail(n.policy, hook, e);
        return;
      }
    }
  }

  private void fail(ActivePolicy p, String hook, RuntimeException e) {
    broken = true;
    LOG.error("route {}: connection {}: policy {} ({}) failed in {}: {}; resetting the connection",
      connection.route(), connection.id(), p.label(), p.instance().getClass().getName(), hook, e.toString(), e);
    connection.close(CloseAction.RST, CloseCause.ERROR);
  }

  /** The sink handed to one policy for one direction: passes on to the policies after it, in order. */
  private final class Stage implements DataSink {
    private final Node node;
    private final Direction direction;
    private boolean ended;

    Stage(Node node, Direction direction) {
      this.node = node;
      this.direction = direction;
    }

    @Override
    public void emit(Buffer chunk) {
      if (chunk == null) {
        contract("emitted null");
        return;
      }
      if (ended) {
        contract("emitted bytes after passing the FIN on");
        return;
      }
      if (chunk.length() > 0) {
        dataAfter(node, direction, chunk);
      }
    }

    @Override
    public void end() {
      if (ended) {
        return;
      }
      ended = true;
      node.finHeld[direction.ordinal()] = false;
      finAfter(node, direction);
    }

    private void contract(String what) {
      fail(node.policy, "its DataSink", new IllegalStateException("policy " + node.policy.label()
        + " broke the DataSink contract: " + what));
    }
  }
}
