package io.tcpgate.core.relay;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayDeque;

/**
 * A test-only plugin, found through ServiceLoader like any other: {@code test-hold} holds every
 * downstream chunk for {@code delay-ms} before passing it on, and on removal passes on at once what it
 * holds. It exercises the policy path: copies, timers, back-pressure futures and live removal.
 */
public final class HoldingPolicyFactory implements PolicyFactory {
  @Override
  public String type() {
    return "test-hold";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("delay-ms");
    long delay = config.integer("delay-ms", 1, 0, 10_000);
    return new Policy() {
      @Override
      public boolean touchesData(Direction direction) {
        return direction == Direction.DOWNSTREAM;
      }

      @Override
      public ConnectionPolicy open(ConnectionContext connection) {
        return new Holding(connection, delay);
      }
    };
  }

  private static final class Holding implements ConnectionPolicy {
    private final ConnectionContext connection;
    private final long delay;
    private final ArrayDeque<Buffer> held = new ArrayDeque<>();
    private DataSink sink;
    private boolean finHeld;

    Holding(ConnectionContext connection, long delay) {
      this.connection = connection;
      this.delay = delay;
    }

    @Override
    public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
      sink = next;
      held.add(chunk);
      connection.setTimer(delay, this::release);
      return null;
    }

    private void release() {
      Buffer b = held.poll();
      if (b != null) {
        sink.emit(b);
      }
      if (held.isEmpty() && finHeld) {
        finHeld = false;
        sink.end();
      }
    }

    @Override
    public boolean onFin(Direction direction, DataSink next) {
      if (held.isEmpty()) {
        return true;
      }
      sink = next;
      finHeld = true;
      return false;
    }

    @Override
    public void onRemoved(Direction direction, DataSink next) {
      Buffer b;
      while ((b = held.poll()) != null) {
        next.emit(b);
      }
      if (finHeld) {
        finHeld = false;
        next.end();
      }
    }
  }
}
