package io.tcpgate.bench.jmh;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * {@code bench-passthrough}: a data-touching policy that does nothing, so a connection takes the policy
 * path and every chunk of its {@code stream} (upstream, downstream or both; default both) passes through
 * the policy chain and is handed on unchanged at once. Benchmarks only.
 */
public final class PassthroughPolicyFactory implements PolicyFactory {
  /** Hands every chunk on as it came (the SPI's default {@code onData}); no state, shared. */
  private static final ConnectionPolicy PASS = new ConnectionPolicy() {
  };

  @Override
  public String type() {
    return "bench-passthrough";
  }

  @Override
  public String description() {
    return "touches data and passes every chunk on unchanged (benchmarks)";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("stream");
    String stream = config.choice("stream", "both", "upstream", "downstream", "both");
    return new Policy() {
      @Override
      public boolean touchesData(Direction direction) {
        return "both".equals(stream) || direction.wireName().equals(stream);
      }

      @Override
      public boolean keepsChunks() {
        return false; // every chunk goes on at once: the relay lends its read buffer
      }

      @Override
      public ConnectionPolicy open(ConnectionContext connection) {
        return PASS;
      }
    };
  }
}
