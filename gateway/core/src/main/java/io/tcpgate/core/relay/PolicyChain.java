package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policies of one connection, in config order, and the path bytes take through those that touch
 * data. Checks each plugin's contract and names the plugin when it breaks it or fails: the connection
 * is then reset, since its bytes can no longer be trusted.
 */
final class PolicyChain {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyChain.class);

  private final RelayConnection connection;
  private final ActivePolicy[] policies;
  private final boolean[] touches = new boolean[2];
  /** Data hooks whose back-pressure future has not completed yet, per direction. */
  private final int[] pendingFutures = new int[2];
  /** Whether the FIN of a direction has passed the last policy. */
  private final boolean[] finDelivered = new boolean[2];
  private boolean broken;

  PolicyChain(RelayConnection connection, List<ActivePolicy> policies) {
    this.connection = connection;
    this.policies = policies.toArray(new ActivePolicy[0]);
    for (Direction d : Direction.values()) {
      for (ActivePolicy p : this.policies) {
        touches[d.ordinal()] |= p.instance() != ConnectionPolicy.NONE && p.policy().touchesData(d);
      }
    }
  }

  boolean touchesData(Direction d) {
    return touches[d.ordinal()];
  }

  boolean holdsBackPressure(Direction d) {
    return pendingFutures[d.ordinal()] > 0;
  }

  void onAccepted() {
    each("onAccepted", ConnectionPolicy::onAccepted);
  }

  void onBackendConnected() {
    each("onBackendConnected", ConnectionPolicy::onBackendConnected);
  }

  void onReset(Side side) {
    each("onReset", p -> p.onReset(side));
  }

  void onClose(CloseCause cause) {
    each("onClose", p -> p.onClose(cause));
  }

  /** Bytes read from the source of {@code d}; the buffer is copied to the heap and released here. */
  void onData(Direction d, ByteBuf buf) {
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    buf.release();
    dataFrom(d, 0, Buffer.buffer(bytes));
  }

  void onFin(Direction d) {
    finFrom(d, 0);
  }

  private void dataFrom(Direction d, int index, Buffer chunk) {
    if (broken) {
      return;
    }
    for (int i = index; i < policies.length; i++) {
      ActivePolicy p = policies[i];
      if (p.instance() == ConnectionPolicy.NONE || !p.policy().touchesData(d)) {
        continue;
      }
      Future<Void> ready;
      try {
        ready = p.instance().onData(d, chunk, new Stage(d, i));
      } catch (RuntimeException e) {
        fail(p, "onData", e);
        return;
      }
      if (ready != null && !ready.isComplete()) {
        int dir = d.ordinal();
        pendingFutures[dir]++;
        Leg source = connection.leg(d.source());
        source.pauseReading();
        ready.onComplete(ar -> {
          pendingFutures[dir]--;
          Leg sink = connection.leg(d.sink());
          if (pendingFutures[dir] == 0 && (sink.channel == null || sink.channel.isWritable())) {
            source.resumeReading();
          }
        });
      }
      return;
    }
    Leg sink = connection.leg(d.sink());
    if (finDelivered[d.ordinal()]) {
      broken = true;
      LOG.error("route {}: connection {}: a policy emitted bytes after the {} FIN; resetting",
        connection.route(), connection.id(), d.wireName());
      connection.close(CloseAction.RST, CloseCause.ERROR);
      return;
    }
    if (!sink.outputEnded && sink.ctx != null) {
      connection.write(sink, SocketControl.toByteBuf(chunk));
      if (!connection.leg(d.source()).reading) {
        // emitted outside a read batch (e.g. from a timer): nothing else will flush it
        sink.needsFlush = false;
        sink.ctx.flush();
      }
    }
  }

  private void finFrom(Direction d, int index) {
    if (broken) {
      return;
    }
    for (int i = index; i < policies.length; i++) {
      ActivePolicy p = policies[i];
      if (p.instance() == ConnectionPolicy.NONE) {
        continue;
      }
      boolean goOn;
      try {
        goOn = p.instance().onFin(d, new Stage(d, i));
      } catch (RuntimeException e) {
        fail(p, "onFin", e);
        return;
      }
      if (!goOn) {
        return;
      }
    }
    if (finDelivered[d.ordinal()]) {
      return;
    }
    finDelivered[d.ordinal()] = true;
    connection.deliverFin(d);
  }

  private void each(String hook, Consumer<ConnectionPolicy> call) {
    for (ActivePolicy p : policies) {
      if (p.instance() == ConnectionPolicy.NONE) {
        continue;
      }
      try {
        call.accept(p.instance());
      } catch (RuntimeException e) {
        fail(p, hook, e);
        return;
      }
    }
  }

  private void fail(ActivePolicy p, String hook, RuntimeException e) {
    broken = true;
    LOG.error("route {}: connection {}: policy '{}' ({}) failed in {}: {}; resetting the connection",
      connection.route(), connection.id(), p.type(), p.instance().getClass().getName(), hook, e.toString(), e);
    connection.close(CloseAction.RST, CloseCause.ERROR);
  }

  /** The sink handed to policy {@code index}: passes on to the next policy, in order. */
  private final class Stage implements DataSink {
    private final Direction direction;
    private final int index;
    private boolean ended;

    Stage(Direction direction, int index) {
      this.direction = direction;
      this.index = index;
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
        dataFrom(direction, index + 1, chunk);
      }
    }

    @Override
    public void end() {
      if (ended) {
        return;
      }
      ended = true;
      finFrom(direction, index + 1);
    }

    private void contract(String what) {
      ActivePolicy p = policies[index];
      fail(p, "its DataSink", new IllegalStateException("policy '" + p.type() + "' broke the DataSink contract: " + what));
    }
  }
}
