package io.tcpgate.spi;

import java.util.Locale;

/** How tcpgate ends a socket it closes on its own initiative. */
public enum CloseAction {
  /** Deliver every byte already accepted for the socket, then send a FIN (orderly close). */
  FIN,
  /** Abort: SO_LINGER 0 then close, so the peer sees {@code ECONNRESET}. */
  RST;

  /** Wire name ({@code fin}, {@code rst}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name; returns null when it is neither {@code fin} nor {@code rst}. */
  public static CloseAction parse(String s) {
    if (s == null) {
      return null;
    }
    switch (s.toLowerCase(Locale.ROOT)) {
      case "fin": return FIN;
      case "rst": return RST;
      default: return null;
    }
  }
}
