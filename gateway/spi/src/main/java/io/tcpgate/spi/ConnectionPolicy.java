package io.tcpgate.spi;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * One policy's hooks on one connection. Every hook runs on the connection's event loop, never
 * concurrently with another hook of the same connection; a hook must not block.
 * Every method has a default, so a policy overrides only what it needs.
 */
public interface ConnectionPolicy {

  /** A policy instance that does nothing. */
  ConnectionPolicy NONE = new ConnectionPolicy() { };

  /** The client was accepted; the backend is not connected yet. Socket options of the client side apply now. */
  default void onAccepted() {
  }

  /**
   * The policy was added to a connection that is already live (a toxic added or replaced at run time):
   * called instead of {@link #onAccepted}, then {@link #onBackendConnected} follows when the backend is
   * connected. The default calls {@code onAccepted()}; override it when a live connection must be
   * treated apart from a new one (a limit counts it in but does not refuse it, say).
   */
  default void onAdded() {
    onAccepted();
  }

  /**
   * The gateway is about to connect to the backend (called once, after {@link #onAccepted}, only on
   * policies opened when the client was accepted). Returning a future holds the connect until it
   * completes (a connect-phase fault); a future that never completes means the gateway never connects.
   * Bytes the client sends meanwhile are held (and its reading paused), then relayed.
   *
   * @return null to connect now (the default), or a future that completes when the connect may start
   */
  default Future<Void> beforeBackendConnect() {
    return null;
  }

  /** The backend connection is established; relaying starts after this returns. */
  default void onBackendConnected() {
  }

  /**
   * Bytes the gateway writes to the backend before any byte of the client (those the client sent while
   * the backend connected included), once per connection: a header such as the PROXY protocol's. Asked
   * right after {@link #onBackendConnected}, only of policies opened when the client was accepted: a
   * policy added to a live connection at run time is never asked, even while its backend still connects
   * (a header is only ever sent at the start of a connection, decided when it was accepted). The bytes go
   * straight to the backend socket, in chain order when several policies give some: policies that touch
   * data (toxics) do not see them, {@link ConnectionContext#bytes} and the gateway's byte counts leave
   * them out, and the connection stays on the relay's fast path.
   *
   * @return null to write nothing (the default), or the bytes to write first
   */
  default Buffer backendPreamble() {
    return null;
  }

  /**
   * Bytes travelling in {@code direction}. Called only when the policy's {@link Policy#touchesData}
   * says so for that direction. The policy passes bytes on with {@code next.emit} (now, later, in
   * pieces, or never, e.g. for a fault that drops them) and keeps their order. A policy whose
   * {@link Policy#keepsChunks} is false must not keep {@code chunk} past this call: it keeps
   * {@link #keep keep(chunk)} instead.
   *
   * @return null when ready for the next chunk, or a future that completes when it is
   *     (the back-pressure signal: the source is not read until then)
   */
  default Future<Void> onData(Direction direction, Buffer chunk, DataSink next) {
    next.emit(chunk);
    return null;
  }

  /**
   * The sender of {@code direction} sent FIN, after its last byte passed {@link #onData}. Also called,
   * after {@link #onReset}, when the sender was reset: its end then follows the bytes the policies
   * still hold, and what reaches the other side becomes the reset translation (for at most 1 s after
   * the reset; then what is still held goes at once before a FIN, or is dropped before a RST).
   *
   * @return true to let the FIN go on (the default); false when the policy takes it over: it then
   *     calls {@link DataSink#end()} itself later (a delay) or never (the FIN is swallowed)
   */
  default boolean onFin(Direction direction, DataSink next) {
    return true;
  }

  /** The socket of {@code side} was reset by its peer; what the other side gets is set by {@link ConnectionContext#translateReset}. */
  default void onReset(Side side) {
  }

  /**
   * The policy is being removed from a live connection (a toxic deleted at run time), or the gateway
   * ends the socket {@code direction} flows to with its own FIN (a timeout, an API close, a reset
   * translated to FIN; the policy stays, and sees no more bytes of that direction, so a later removal
   * may call this again with nothing left to pass on). Bytes it still holds must be passed on now, in
   * order, through {@code next}; none may be dropped.
   */
  default void onRemoved(Direction direction, DataSink next) {
  }

  /**
   * The policy is being removed from a live connection, after {@link #onRemoved(Direction, DataSink)}
   * for the directions it touches: release any other hold it has, e.g. complete the future a
   * {@code beforeBackendConnect} hook is holding the connect with.
   */
  default void onRemoved() {
  }

  /**
   * A run-time change replaces the policy that opened this instance with {@code next}, of the same type
   * (a toxic's attributes changed). Return true when this instance takes next's settings over in place
   * and goes on with what it holds and counts; false (the default) to be replaced: what it holds is
   * handed on ({@link #onRemoved(Direction, DataSink)}, {@link #onRemoved()}) and {@code next} opens a
   * new instance ({@link #onAdded()}). Called on the connection's event loop.
   */
  default boolean update(Policy next) {
    return false;
  }

  /**
   * A heap copy of {@code chunk} that a policy may keep as long as it likes ({@code chunk.copy()} may
   * share the relay's pooled memory instead).
   */
  static Buffer keep(Buffer chunk) {
    return Buffer.buffer(chunk.length()).appendBuffer(chunk);
  }

  /** The connection is closed; timers the policy set with the context are already cancelled. */
  default void onClose(CloseCause cause) {
  }
}
