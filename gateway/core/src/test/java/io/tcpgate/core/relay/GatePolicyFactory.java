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
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * A test-only plugin: {@code test-gate} passes every upstream chunk on and answers it with the gate's
 * future, so the relay pauses reading the client until the test {@linkplain #open() opens} the gate.
 * One gate per JVM; {@link #shut()} before each use.
 */
public final class GatePolicyFactory implements PolicyFactory {
  private static volatile Promise<Void> gate = Promise.promise();

  /** A new, shut gate: upstream chunks after the next one wait for {@link #open()}. */
  static void shut() {
    gate = Promise.promise();
  }

  static void open() {
    gate.tryComplete();
  }

  @Override
  public String type() {
    return "test-gate";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly();
    return new Policy() {
      @Override
      public boolean touchesData(Direction direction) {
        return direction == Direction.UPSTREAM;
      }

      @Override
      public ConnectionPolicy open(ConnectionContext connection) {
        return new ConnectionPolicy() {
          @Override
          public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
            next.emit(chunk);
            return gate.future();
          }
        };
      }
    };
  }
}
