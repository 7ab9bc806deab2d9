package io.tcpgate.plugins.socketoptions;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;

/**
 * Sets TCP_NODELAY on the gateway's socket of each side: {@code true} sends every write at once,
 * {@code false} turns Nagle's algorithm on, which holds a small write back while an earlier one is
 * unacknowledged (with the peer's delayed ACK, tens of milliseconds per write-write-read exchange).
 * The gateway's own default is {@code true} on both sides. Only sets options: the fast path stays.
 *
 * @param client for the socket accepted from the client; null leaves it as the gateway set it
 * @param backend for the socket connected to the backend; null leaves it as the gateway set it
 */
public record TcpNoDelayPolicy(Boolean client, Boolean backend) implements Policy {

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    return new ConnectionPolicy() {
      @Override
      public void onAccepted() {
        if (client != null) {
          connection.socket(Side.CLIENT).tcpNoDelay(client);
        }
      }

      @Override
      public void onBackendConnected() {
        if (backend != null) {
          connection.socket(Side.BACKEND).tcpNoDelay(backend);
        }
      }
    };
  }
}
