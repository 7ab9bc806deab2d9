package io.tcpgate.spi;

/** Why a relayed connection ended; reported to policies, the access log and metrics. */
public enum CloseCause {
  /** Both sides sent FIN and every byte was delivered. */
  COMPLETED,
  /** The client reset its socket. */
  CLIENT_RESET,
  /** The backend reset its socket. */
  BACKEND_RESET,
  /** The first FIN closed both sides ({@code half-close: close}). */
  HALF_CLOSE,
  /** A policy closed the connection for lack of traffic. */
  IDLE,
  /** No backend could be reached. */
  CONNECT_FAILED,
  /** Refused at accept because a limit was reached. */
  LIMIT,
  /** A policy or fault closed the connection. */
  POLICY,
  /** Closed by an operator through the API. */
  ADMIN,
  /** The route or the gateway shut down. */
  SHUTDOWN,
  /** An unexpected I/O error other than a reset. */
  ERROR
}
