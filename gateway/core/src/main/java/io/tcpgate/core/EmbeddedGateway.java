package io.tcpgate.core;

import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A gateway started in-process from a config document, for tests and embedding: blocking start and
 * close, with the bound address of each route (routes may listen on port 0).
 */
public final class EmbeddedGateway implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 30;
  private final Vertx vertx;
  private final Gateway gateway;

  private EmbeddedGateway(Vertx vertx, Gateway gateway) {
    this.vertx = vertx;
    this.gateway = gateway;
  }

  /** Starts from a YAML or JSON document given as text ({@code source} names it in errors). */
  public static EmbeddedGateway start(String yaml) throws ConfigException {
    return start(Yaml.parse(yaml));
  }

  /** Starts from a config document, with the policies found on the class path. */
  public static EmbeddedGateway start(JsonObject doc) throws ConfigException {
    GatewayConfig config = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties()).parse(doc, "test config");
    return start(config);
  }

  public static EmbeddedGateway start(GatewayConfig config) {
    // as the launcher builds it: as many event loops (Vert.x's own default is two per core), no file cache
    Vertx vertx = Vertx.vertx(Gateway.vertxOptions(config.eventLoops(), config.nativeTransport()));
    try {
      Gateway g = GatewayNode.start(vertx, config, PolicyRegistry.load()).toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return new EmbeddedGateway(vertx, g);
    } catch (Exception e) {
      vertx.close();
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Where clients of {@code route} connect. */
  public InetSocketAddress address(String route) {
    Gateway.RunningRoute r = gateway.route(route);
    if (r == null) {
      throw new IllegalArgumentException("no route '" + route + "'");
    }
    return new InetSocketAddress(r.boundAddress().host(), r.boundAddress().port());
  }

  public Gateway gateway() {
    return gateway;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() {
    try {
      gateway.stop().eventually(vertx::close).toCompletionStage().toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("gateway did not stop in " + TIMEOUT_SECONDS + " s", e);
    }
  }
}
