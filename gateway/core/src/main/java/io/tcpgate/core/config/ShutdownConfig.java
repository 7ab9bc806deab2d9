package io.tcpgate.core.config;

import io.tcpgate.spi.CloseAction;

/**
 * How the gateway stops: listeners close at once, live connections may finish for
 * {@code drainMillis}, then those left are closed with {@code action}.
 *
 * @param drainMillis drain deadline, ms; 0 closes live connections at once
 * @param action FIN (default) or RST for the connections left at the deadline
 */
public record ShutdownConfig(long drainMillis, CloseAction action) {
  public static final long DEFAULT_DRAIN_MILLIS = 30_000;
  public static final ShutdownConfig DEFAULT = new ShutdownConfig(DEFAULT_DRAIN_MILLIS, CloseAction.FIN);
}
