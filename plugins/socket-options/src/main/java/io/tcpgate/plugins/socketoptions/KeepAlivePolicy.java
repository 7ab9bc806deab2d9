package io.tcpgate.plugins.socketoptions;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sets SO_KEEPALIVE on the gateway's socket of each side, and the probe timings where the transport
 * allows: on native epoll all three apply; on NIO only SO_KEEPALIVE is set and the system's timings
 * apply (each such socket is counted in {@link #status()} as {@code timings_not_applied}). Only sets
 * options: the fast path stays.
 */
public final class KeepAlivePolicy implements Policy {
  private final boolean client;
  private final boolean backend;
  private final int idleSeconds;
  private final int intervalSeconds;
  private final int count;
  private final LongAdder timingsNotApplied = new LongAdder();

  /**
   * @param client SO_KEEPALIVE on the socket accepted from the client
   * @param backend SO_KEEPALIVE on the socket connected to the backend
   * @param idleSeconds silence before the first probe (TCP_KEEPIDLE), s; 0 keeps the system's (Linux: 7200)
   * @param intervalSeconds time between probes (TCP_KEEPINTVL), s; 0 keeps the system's (Linux: 75)
   * @param count unanswered probes before the connection is dropped (TCP_KEEPCNT); 0 keeps the system's (Linux: 9)
   */
  public KeepAlivePolicy(boolean client, boolean backend, int idleSeconds, int intervalSeconds, int count) {
    this.client = client;
    this.backend = backend;
    this.idleSeconds = idleSeconds;
    this.intervalSeconds = intervalSeconds;
    this.count = count;
  }

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    return new ConnectionPolicy() {
      @Override
      public void onAccepted() {
        apply(connection, Side.CLIENT, client);
      }

      @Override
      public void onBackendConnected() {
        apply(connection, Side.BACKEND, backend);
      }
    };
  }

  private void apply(ConnectionContext connection, Side side, boolean on) {
    boolean timed = on && (idleSeconds > 0 || intervalSeconds > 0 || count > 0);
    if (!connection.socket(side).keepAlive(on, on ? idleSeconds : 0, on ? intervalSeconds : 0, on ? count : 0) && timed) {
      timingsNotApplied.increment();
    }
  }

  /** {@code timings_not_applied}: sockets that got SO_KEEPALIVE but not the timings (NIO transport). */
  @Override
  public JsonObject status() {
    return new JsonObject().put("timings_not_applied", timingsNotApplied.sum());
  }

  public boolean client() { return client; }
  public boolean backend() { return backend; }
  public int idleSeconds() { return idleSeconds; }
  public int intervalSeconds() { return intervalSeconds; }
  public int count() { return count; }
}
