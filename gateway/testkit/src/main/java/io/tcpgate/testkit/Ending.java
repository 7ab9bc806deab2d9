package io.tcpgate.testkit;

/** How a backend connection's inbound direction ended, as the backend observed it. */
public enum Ending {
  /** The peer sent FIN: a read returned -1. */
  EOF,
  /** The peer sent RST: a read or write failed with "Connection reset" or "Broken pipe". */
  RESET,
  /** Neither was seen (still open, or the backend itself closed or reset first). */
  OPEN
}
