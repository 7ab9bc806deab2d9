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

/**
 * A test-only plugin: {@code test-slice} touches both directions without keeping chunks
 * ({@link Policy#keepsChunks} false, so the relay lends it its read buffers) and passes each chunk on
 * at once in three pieces: a slice, a kept copy ({@link ConnectionPolicy#keep}) and another slice.
 */
public final class SlicingPolicyFactory implements PolicyFactory {
  @Override
  public String type() {
    return "test-slice";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly();
    return new Policy() {
      @Override
      public boolean touchesData(Direction direction) {
        return true;
      }

      @Override
      public boolean keepsChunks() {
        return false;
      }

      @Override
      public ConnectionPolicy open(ConnectionContext connection) {
        return new ConnectionPolicy() {
          @Override
          public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
            int third = chunk.length() / 3;
            next.emit(chunk.slice(0, third));
            if (third > 0) {
              next.emit(ConnectionPolicy.keep(chunk.slice(third, 2 * third)));
            }
            next.emit(chunk.slice(2 * third, chunk.length()));
            return null;
          }
        };
      }
    };
  }
}
