package io.tcpgate.spi;

import io.vertx.core.buffer.Buffer;

/** Where a policy passes on the bytes (and the FIN) of one direction: the next policy or the socket. */
public interface DataSink {

  /** Passes bytes on, after every byte emitted before. */
  void emit(Buffer chunk);

  /** Passes on the FIN this policy held back (see {@link ConnectionPolicy#onFin}), after every byte emitted. */
  void end();
}
