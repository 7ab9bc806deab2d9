package io.tcpgate.spi;

/** What a FIN received from one side does to the connection. */
public enum HalfCloseMode {
  /** Relay it as a FIN after every earlier byte; the other direction keeps flowing (true half-close). */
  PROPAGATE,
  /** Flush the earlier bytes, then close both sides with FIN (like a server without {@code allowHalfOpen}). */
  CLOSE
}
