package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.Side;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * {@code reset_peer}: waits for the first chunk of its stream (or the stream's FIN, if that comes
 * first), drops that chunk and everything of the stream after it, and {@code timeout} ms later resets
 * the stream's receiving socket (the client for {@code downstream}); 0 resets at once. A connection
 * whose stream carries nothing is left alone. The other side then follows the connection's reset
 * translation (RST by default).
 */
public final class ResetPeerToxic implements ToxicFactory {
  @Override
  public String type() {
    return "reset_peer";
  }

  @Override
  public String description() {
    return "on the stream's first chunk, drops it and what follows, resets timeout ms later (0: at once)";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject(Map.of("timeout", 0));
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "timeout");
    long timeout = s.integer("timeout", 0, 0, LatencyToxic.MAX_MILLIS);
    return new Toxic(s, true, (c, random) -> new Resetting(c, s, timeout));
  }

  private static final class Resetting extends UpdatableToxic {
    private final Direction stream;
    private final ToxicTimer timer;
    private long timeoutMillis;
    /** When the stream's first chunk (or FIN) arrived ({@code connection.nanoTime()}); -1 before. */
    private long triggeredNanos = -1;
    private boolean fired;
    /** The stream's source was reset: its end is the connection's reset translation, not a trigger. */
    private boolean sourceReset;
    /** Whether what it held was handed on before: the gateway ending the stream's sink with its own FIN. */
    private boolean handedOn;
    /** A reset pending when the toxic was removed: it goes at once (see {@link #onRemoved()}). */
    private boolean pendingAtRemoval;

    Resetting(ConnectionContext connection, ToxicSettings settings, long timeoutMillis) {
      super(connection, settings);
      this.stream = settings.stream();
      this.timeoutMillis = timeoutMillis;
      this.timer = new ToxicTimer(connection);
    }

    /** A new {@code timeout} counts from the chunk that triggered the toxic (a time already past resets at once). */
    @Override
    protected void takeSettings(UpdatableToxic fresh) {
      timeoutMillis = ((Resetting) fresh).timeoutMillis;
      if (triggeredNanos >= 0 && !fired) {
        arm();
      }
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      trigger();
      return null; // dropped: nothing of it, or of what follows, reaches the receiver
    }

    /** The stream's FIN triggers it too when no chunk came first; either way the reset replaces the FIN. */
    @Override
    public boolean onFin(Direction direction, DataSink next) {
      if (direction != stream || sourceReset) {
        return true;
      }
      trigger();
      return false;
    }

    @Override
    public void onReset(Side side) {
      if (side == stream.source()) {
        sourceReset = true;
      }
    }

    private void trigger() {
      if (triggeredNanos < 0) {
        triggeredNanos = connection.nanoTime();
        arm();
      }
    }

    private void arm() {
      long leftMillis = timeoutMillis - (connection.nanoTime() - triggeredNanos) / 1_000_000;
      if (leftMillis <= 0) {
        fire();
      } else {
        timer.start(leftMillis, this::fire);
      }
    }

    private void fire() {
      if (!fired) {
        fired = true;
        timer.cancel();
        connection.reset(stream.sink(), CloseCause.POLICY);
      }
    }

    /**
     * Removed, or the gateway ends the sink with its own FIN: the pending reset is cancelled. Only on
     * the first hand-on does it count as pending at a removal (after a gateway FIN it is not).
     */
    @Override
    public void onRemoved(Direction direction, DataSink next) {
      timer.cancel();
      pendingAtRemoval = !handedOn && triggeredNanos >= 0 && !fired;
      handedOn = true;
    }

    /** Removed after it was triggered, it resets at once: the stream has a hole and cannot go on. */
    @Override
    public void onRemoved() {
      if (pendingAtRemoval) {
        fire();
      }
    }
  }
}
