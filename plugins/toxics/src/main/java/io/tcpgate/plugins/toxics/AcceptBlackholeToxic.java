package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * {@code accept_blackhole}: accepts each new client and never answers: no backend connect is made and
 * nothing is ever sent; the connection lasts until the client gives up. Live connections are untouched;
 * removing the toxic releases the connections it holds, which then connect to the backend and relay
 * what their clients sent meanwhile. No attributes.
 */
public final class AcceptBlackholeToxic implements ToxicFactory {
  @Override
  public String type() {
    return "accept_blackhole";
  }

  @Override
  public String description() {
    return "accepts new clients and never answers";
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config);
    return new Toxic(s, false, (c, random) -> new ConnectionPolicy() {
      private final Promise<Void> released = Promise.promise();

      @Override
      public Future<Void> beforeBackendConnect() {
        return released.future();
      }

      @Override
      public void onRemoved() {
        released.tryComplete();
      }
    });
  }
}
