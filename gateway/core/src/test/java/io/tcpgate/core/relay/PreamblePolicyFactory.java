package io.tcpgate.core.relay;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.vertx.core.buffer.Buffer;

/** A test-only plugin: {@code test-preamble} gives {@code text} as the bytes to write to the backend first. */
public final class PreamblePolicyFactory implements PolicyFactory {
  @Override
  public String type() {
    return "test-preamble";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    config.allowOnly("text");
    String text = config.string("text", "");
    return new Policy() {
      @Override
      public ConnectionPolicy open(ConnectionContext connection) {
        return new ConnectionPolicy() {
          @Override
          public Buffer backendPreamble() {
            return Buffer.buffer(text);
          }
        };
      }
    };
  }
}
