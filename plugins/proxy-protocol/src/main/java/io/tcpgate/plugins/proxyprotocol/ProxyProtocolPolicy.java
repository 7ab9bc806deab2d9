package io.tcpgate.plugins.proxyprotocol;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.vertx.core.buffer.Buffer;

/**
 * Tells the backend the real client address with a PROXY protocol header, as HAProxy's
 * {@code send-proxy}/{@code send-proxy-v2}, nginx's {@code proxy_protocol on} and Envoy's upstream
 * proxy protocol do: written to each backend connection once, before any byte of the client, with the
 * client's address and port as source and the address and port the client connected to as destination
 * (see {@link ProxyHeader}). It never sees the bytes, so connections stay on the relay's fast path. Only a
 * connection accepted while the policy is in its route's list gets the header: one it is added to at run
 * time does not (the backend may have had the client's first bytes already).
 *
 * @param version 1 (one line of text, the default, as nginx sends) or 2 (binary)
 */
public record ProxyProtocolPolicy(int version) implements Policy {

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    return new ConnectionPolicy() {
      @Override
      public Buffer backendPreamble() {
        return Buffer.buffer(ProxyHeader.encode(version, connection.clientAddress(), connection.localAddress()));
      }
    };
  }
}
