package io.tcpgate.spi;

import java.net.SocketAddress;

/**
 * What a policy may see and ask of its connection. Every method must be called on the connection's
 * event loop (from a hook or a timer set here).
 */
public interface ConnectionContext {

  /** Gateway-wide unique connection id. */
  long id();

  /** Name of the route that accepted the connection. */
  String route();

  /** The client's address. */
  SocketAddress clientAddress();

  /**
   * The address the client connected to: the gateway's own end of the client's socket (on a listener of
   * a wildcard address, the address the client reached). An {@code InetSocketAddress} on a TCP listener;
   * another kind of address on a unix-domain one.
   */
  SocketAddress localAddress();

  /** Monotonic clock in nanoseconds; tests substitute a fake one. */
  long nanoTime();

  /**
   * {@link #nanoTime()} of the last byte read from either side or seen written to either socket (the
   * accept time before any); writes are noticed when this is called, so call it when a decision needs it.
   */
  long lastActivityNanos();

  /** Bytes read so far from the source of {@code direction}. */
  long bytes(Direction direction);

  /** Whether the source of {@code direction} has sent its FIN. */
  boolean finReceived(Direction direction);

  /** Whether the gateway has sent {@code direction}'s FIN to its sink, after every earlier byte. */
  boolean finDelivered(Direction direction);

  /**
   * Runs {@code task} once on the connection's event loop after {@code delayMillis} ms.
   * Timers are cancelled when the connection closes.
   *
   * @return an id for {@link #cancelTimer}
   */
  long setTimer(long delayMillis, Runnable task);

  /** Cancels a timer; returns false when it already ran or was cancelled. */
  boolean cancelTimer(long timerId);

  /** Socket options of one side; the backend's are available from {@link ConnectionPolicy#onBackendConnected}. */
  SocketOptions socket(Side side);

  /**
   * What the other side gets when {@code resettingSide} resets: {@link CloseAction#RST} (the default,
   * faithful) or {@link CloseAction#FIN} (every byte already received is delivered, then FIN).
   */
  void translateReset(Side resettingSide, CloseAction toOtherSide);

  /**
   * What a FIN does: {@link HalfCloseMode#PROPAGATE} (the default) or {@link HalfCloseMode#CLOSE}.
   */
  void halfCloseMode(HalfCloseMode mode);

  /** What the client gets when no backend can be reached (default {@link CloseAction#FIN}). */
  void connectFailureAction(CloseAction action);

  /**
   * Closes both sides now: with FIN every byte already accepted is delivered first; with RST both
   * sockets are reset.
   */
  void close(CloseAction action, CloseCause cause);

  /**
   * Resets one side only, e.g. a {@code reset_peer} fault: what was passed on for that side so far is
   * written out first (at most 1 s), then the RST, which, as any RST, discards what that socket's kernel
   * buffer has not sent yet (a reader a socket buffer behind gets fewer bytes). The other side follows
   * the connection's rules.
   */
  void reset(Side side, CloseCause cause);
}
