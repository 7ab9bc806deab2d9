package io.tcpgate.core.relay;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * A test-only plugin: {@code test-fin-hold} touches no data but takes over the downstream FIN and
 * holds it until it is removed, when it passes it on (as {@link ConnectionPolicy#onRemoved} requires).
 */
public final class FinHoldingPolicyFactory implements PolicyFactory {
  @Override
  public String type() {
    return "test-fin-hold";
  }

  @Override
  public Policy create(PolicyConfig config) {
    return new Policy() {
      @Override
      public ConnectionPolicy open(ConnectionContext connection) {
        return new ConnectionPolicy() {
          private DataSink held;

          @Override
          public boolean onFin(Direction direction, DataSink next) {
            if (direction != Direction.DOWNSTREAM) {
              return true;
            }
            held = next;
            return false;
          }

          @Override
          public void onRemoved(Direction direction, DataSink next) {
            if (held != null) {
              held = null;
              next.end();
            }
          }
        };
      }
    };
  }
}
