package io.tcpgate.plugins.timeouts;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;

/**
 * Closes a connection that carried no bytes in either direction for a while. A byte counts when the
 * gateway reads it from either socket or writes it into either socket. Only a timer per connection: it never sees the bytes, so the
 * connection stays on the relay's fast path.
 *
 * @param timeoutMillis longest silence while both directions are open, ms; 0 = no limit
 * @param halfClosedTimeoutMillis longest silence once either side has sent its FIN (like HAProxy's
 *     {@code timeout client-fin}/{@code server-fin}), ms; 0 = no limit. Defaults to {@code timeoutMillis}
 * @param action how both sides are closed: {@link CloseAction#FIN} (every byte already read is
 *     delivered first) or {@link CloseAction#RST}
 */
public record IdleTimeoutPolicy(long timeoutMillis, long halfClosedTimeoutMillis, CloseAction action) implements Policy {

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    return new IdleTimer(this, connection);
  }
}
