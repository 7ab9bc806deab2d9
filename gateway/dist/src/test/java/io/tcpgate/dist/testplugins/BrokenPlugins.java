package io.tcpgate.dist.testplugins;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.vertx.core.buffer.Buffer;

/** Test-only plugins that each break the policy contract in one way, so the gateway must name them. */
public final class BrokenPlugins {
  private BrokenPlugins() {
  }

  /** A test factory known by its type. */
  private abstract static class Named implements PolicyFactory {
    private final String type;

    Named(String type) {
      this.type = type;
    }

    @Override
    public String type() {
      return type;
    }
  }

  /** {@code test-null-policy}: create() returns null. */
  public static final class NullPolicy extends Named {
    public NullPolicy() {
      super("test-null-policy");
    }

    @Override
    public Policy create(PolicyConfig config) {
      return null;
    }
  }

  /** {@code test-fails-on-accept}: its onAccepted hook throws. */
  public static final class FailsOnAccept extends Named {
    public FailsOnAccept() {
      super("test-fails-on-accept");
    }

    @Override
    public Policy create(PolicyConfig config) {
      return (ConnectionContext connection) -> new ConnectionPolicy() {
        @Override
        public void onAccepted() {
          throw new IllegalStateException("boom in onAccepted");
        }
      };
    }
  }

  /** {@code test-fails-on-open}: its open() throws, before the connection has a policy chain. */
  public static final class FailsOnOpen extends Named {
    public FailsOnOpen() {
      super("test-fails-on-open");
    }

    @Override
    public Policy create(PolicyConfig config) {
      return connection -> {
        throw new IllegalStateException("boom in open");
      };
    }
  }

  /** {@code test-emits-after-fin}: passes the client's FIN on, then still emits bytes upstream. */
  public static final class EmitsAfterFin extends Named {
    public EmitsAfterFin() {
      super("test-emits-after-fin");
    }

    @Override
    public Policy create(PolicyConfig config) {
      return new Policy() {
        @Override
        public boolean touchesData(Direction direction) {
          return direction == Direction.UPSTREAM;
        }

        @Override
        public ConnectionPolicy open(ConnectionContext connection) {
          return new ConnectionPolicy() {
            @Override
            public boolean onFin(Direction direction, DataSink next) {
              next.end();
              next.emit(Buffer.buffer("late"));
              return false;
            }
          };
        }
      };
    }
  }
}
