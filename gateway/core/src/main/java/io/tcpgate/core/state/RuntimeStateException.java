package io.tcpgate.core.state;

/** A runtime change was refused; {@link #kind()} says why (maps to HTTP 404, 409, 400). */
public final class RuntimeStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a change was refused. */
  public enum Kind { NOT_FOUND, CONFLICT, INVALID }

  private final Kind kind;

  public RuntimeStateException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
