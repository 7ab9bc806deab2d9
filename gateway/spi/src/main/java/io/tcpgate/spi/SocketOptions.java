package io.tcpgate.spi;

/** Per-socket options a policy may set; each change applies to that socket only. */
public interface SocketOptions {

  /** Sets TCP_NODELAY (true disables Nagle's algorithm). */
  void tcpNoDelay(boolean on);

  /** Reads TCP_NODELAY back from the socket. */
  boolean tcpNoDelay();

  /**
   * Sets SO_KEEPALIVE and, where the transport allows (native epoll), the probe timings.
   *
   * @param idleSeconds seconds of silence before the first probe; 0 keeps the system default
   * @param intervalSeconds seconds between probes; 0 keeps the system default
   * @param count unanswered probes before the connection is dropped; 0 keeps the system default
   * @return false when the timings could not be applied (only SO_KEEPALIVE was set)
   */
  boolean keepAlive(boolean on, int idleSeconds, int intervalSeconds, int count);

  /** Reads SO_KEEPALIVE back from the socket. */
  boolean keepAlive();

  /** Reads TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT back; null when the transport cannot tell. */
  int[] keepAliveTimings();

  /**
   * Sets the kernel's receive and send buffers (SO_RCVBUF, SO_SNDBUF), bytes; 0 leaves that one as it
   * is. Linux doubles the value (for its bookkeeping), caps it at {@code net.core.rmem_max} /
   * {@code wmem_max}, and stops sizing that buffer by itself (autotuning) for this socket.
   */
  void buffers(int receiveBytes, int sendBytes);

  /** Reads SO_RCVBUF and SO_SNDBUF back, bytes as the kernel reports them; null when not a TCP socket. */
  int[] buffers();
}
