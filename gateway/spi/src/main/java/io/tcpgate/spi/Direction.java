package io.tcpgate.spi;

import java.util.Locale;

/**
 * Direction in which bytes flow through a connection.
 * Names follow Toxiproxy: {@code upstream} is client to backend, {@code downstream} backend to client.
 */
public enum Direction {
  /** Client to backend. */
  UPSTREAM(Side.CLIENT, Side.BACKEND),
  /** Backend to client. */
  DOWNSTREAM(Side.BACKEND, Side.CLIENT);

  private final Side source;
  private final Side sink;

  Direction(Side source, Side sink) {
    this.source = source;
    this.sink = sink;
  }

  /** The side that sends the bytes of this direction. */
  public Side source() {
    return source;
  }

  /** The side that receives the bytes of this direction. */
  public Side sink() {
    return sink;
  }

  /** The direction whose bytes are sent by {@code side}. */
  public static Direction from(Side side) {
    return side == Side.CLIENT ? UPSTREAM : DOWNSTREAM;
  }

  /** Wire name, as used in config files and the API ({@code upstream}, {@code downstream}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
