package io.tcpgate.plugins.socketoptions;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;

/**
 * Sets the kernel's socket buffers (SO_RCVBUF, SO_SNDBUF) of the gateway's socket on each side, like
 * HAProxy's {@code tune.rcvbuf/sndbuf.client/server} and nginx's {@code listen … rcvbuf= sndbuf=}. By
 * default the kernel sizes them by itself (autotuning, up to {@code net.ipv4.tcp_rmem}/{@code tcp_wmem});
 * a fixed size caps what one connection can have in flight at size ÷ round-trip time, so it suits
 * links with short round trips (one host, one rack). Only sets options: the fast path stays.
 *
 * @param clientReceive bytes for the client socket's SO_RCVBUF; 0 leaves it to the kernel
 * @param clientSend bytes for the client socket's SO_SNDBUF; 0 leaves it to the kernel
 * @param backendReceive bytes for the backend socket's SO_RCVBUF; 0 leaves it to the kernel
 * @param backendSend bytes for the backend socket's SO_SNDBUF; 0 leaves it to the kernel
 */
public record SocketBuffersPolicy(int clientReceive, int clientSend, int backendReceive, int backendSend) implements Policy {

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    return new ConnectionPolicy() {
      @Override
      public void onAccepted() {
        if (clientReceive > 0 || clientSend > 0) {
          connection.socket(Side.CLIENT).buffers(clientReceive, clientSend);
        }
      }

      @Override
      public void onBackendConnected() {
        if (backendReceive > 0 || backendSend > 0) {
          connection.socket(Side.BACKEND).buffers(backendReceive, backendSend);
        }
      }
    };
  }
}
