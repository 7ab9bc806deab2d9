package io.tcpgate.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.core.route.RouteStats;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's Prometheus metrics (Micrometer): per route, labelled only by route, direction and close
 * cause, so cardinality stays bounded; and the JVM's basics. Served at the admin API's {@code /metrics}.
 */
public final class GatewayMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, List<Meter>> byRoute = new ConcurrentHashMap<>();
  private final JvmGcMetrics gc = new JvmGcMetrics();

  public GatewayMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Registers a route's meters (replacing those of an earlier route of the same name). */
  public void bind(RouteRuntime route) {
    unbind(route.name());
    RouteStats s = route.stats();
    Tags tags = Tags.of("route", route.name());
    List<Meter> meters = new ArrayList<>();
    meters.add(Gauge.builder("tcpgate_connections_live", s, RouteStats::live)
      .description("Connections open now").tags(tags).register(registry));
    meters.add(FunctionCounter.builder("tcpgate_connections", s, RouteStats::total)
      .description("Connections accepted").tags(tags).register(registry));
    meters.add(FunctionCounter.builder("tcpgate_connect_failures", s, RouteStats::connectFailures)
      .description("Clients for which no backend could be reached").tags(tags).register(registry));
    meters.add(FunctionCounter.builder("tcpgate_resets_translated", s, RouteStats::resetsTranslated)
      .description("Resets relayed as FIN by rst-translation").tags(tags).register(registry));
    for (Direction d : Direction.values()) {
      meters.add(FunctionCounter.builder("tcpgate_bytes", s, st -> st.bytes(d)).baseUnit("bytes")
        .description("Bytes relayed; upstream is client to backend").tags(tags.and("direction", d.wireName())).register(registry));
    }
    for (CloseCause c : CloseCause.values()) {
      meters.add(FunctionCounter.builder("tcpgate_closes", s, st -> st.closes(c))
        .description("Connections ended, by cause").tags(tags.and("cause", c.name().toLowerCase(Locale.ROOT))).register(registry));
    }
    Timer connect = Timer.builder("tcpgate_backend_connect").description("Time to connect to a backend")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(50_000)).maximumExpectedValue(Duration.ofSeconds(30))
      .tags(tags).register(registry);
    meters.add(connect);
    s.connectTimer(connect);
    byRoute.put(route.name(), meters);
  }

  /** Removes a route's meters. */
  public void unbind(String route) {
    List<Meter> meters = byRoute.remove(route);
    if (meters != null) {
      meters.forEach(registry::remove);
    }
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
