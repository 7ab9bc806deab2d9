package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonObject;

/**
 * {@code fin_delay}: holds the FIN of its stream for {@code delay} ms plus or minus up to {@code jitter}
 * ms (drawn per connection) while the other direction keeps flowing: a slow half-close. 0 for both
 * passes the FIN on at once. Unlike Toxiproxy's {@code slow_close} it has jitter; both keep half-close.
 */
public final class FinDelayToxic implements ToxicFactory {
  @Override
  public String type() {
    return "fin_delay";
  }

  @Override
  public String description() {
    return "delays the stream's FIN by delay ms +/- jitter ms";
  }

  @Override
  public JsonObject attributeDefaults() {
    return new JsonObject().put("delay", 0).put("jitter", 0);
  }

  @Override
  public Policy create(PolicyConfig config) throws InvalidPolicyConfigException {
    ToxicSettings s = ToxicSettings.parse(config, "delay", "jitter");
    long delay = s.integer("delay", 0, 0, LatencyToxic.MAX_MILLIS);
    long jitter = s.integer("jitter", 0, 0, LatencyToxic.MAX_MILLIS);
    return new Toxic(s, true, (c, random) -> new SlowCloseToxic.FinHolder(c, s,
      jitter == 0 ? delay : Math.max(0, delay + random.nextLong(-jitter, jitter + 1))));
  }
}
