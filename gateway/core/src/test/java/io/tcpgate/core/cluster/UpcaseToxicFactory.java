package io.tcpgate.core.cluster;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * A test-only toxic, found through ServiceLoader like any other: {@code test-upcase} turns ASCII
 * lower-case letters of its stream upper-case, so a peer sees at once whether it is in force.
 */
public final class UpcaseToxicFactory implements ToxicFactory {
  @Override
  public String type() {
    return "test-upcase";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("stream", "toxicity", "attributes");
    Direction stream = "upstream".equals(config.string("stream", "downstream")) ? Direction.UPSTREAM : Direction.DOWNSTREAM;
    return new Policy() {
      @Override
      public boolean touchesData(Direction direction) {
        return direction == stream;
      }

      @Override
      public ConnectionPolicy open(ConnectionContext connection) {
        return new ConnectionPolicy() {
          @Override
          public Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
            byte[] b = chunk.getBytes();
            for (int i = 0; i < b.length; i++) {
              if (b[i] >= 'a' && b[i] <= 'z') {
                b[i] -= 'a' - 'A';
              }
            }
            next.emit(Buffer.buffer(b));
            return null;
          }
        };
      }
    };
  }
}
