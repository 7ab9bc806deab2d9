package io.tcpgate.spi;

import java.util.Locale;

/** One of the two sockets of a relayed connection. */
public enum Side {
  /** The socket accepted from the client. */
  CLIENT,
  /** The socket connected to the backend. */
  BACKEND;

  /** The other socket of the same connection. */
  public Side other() {
    return this == CLIENT ? BACKEND : CLIENT;
  }

  /** Wire name ({@code client}, {@code backend}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
