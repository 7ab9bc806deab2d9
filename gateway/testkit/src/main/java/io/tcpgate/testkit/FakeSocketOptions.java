package io.tcpgate.testkit;

import io.tcpgate.spi.SocketOptions;

/**
 * In-memory {@link SocketOptions} of one side of a {@link FakeConnection}: records what a policy set
 * and reads it back. Timings are in seconds; 0 means "system default", as in the SPI.
 */
public final class FakeSocketOptions implements SocketOptions {
  private final boolean timingsSupported;
  private boolean tcpNoDelay = true;
  private boolean keepAlive;
  private int[] timings = {0, 0, 0};
  private int[] buffers = {0, 0};
  private int changes;

  /**
   * @param timingsSupported whether keep-alive timings can be set (as on native epoll); when false
   *     {@link #keepAlive(boolean, int, int, int)} sets only SO_KEEPALIVE, as on NIO
   */
  public FakeSocketOptions(boolean timingsSupported) {
    this.timingsSupported = timingsSupported;
  }

  @Override
  public void tcpNoDelay(boolean on) {
    tcpNoDelay = on;
    changes++;
  }

  @Override
  public boolean tcpNoDelay() {
    return tcpNoDelay;
  }

  @Override
  public boolean keepAlive(boolean on, int idleSeconds, int intervalSeconds, int count) {
    keepAlive = on;
    changes++;
    if (!timingsSupported) {
      return idleSeconds == 0 && intervalSeconds == 0 && count == 0;
    }
    timings = new int[] {
      idleSeconds > 0 ? idleSeconds : timings[0],
      intervalSeconds > 0 ? intervalSeconds : timings[1],
      count > 0 ? count : timings[2]
    };
    return true;
  }

  @Override
  public boolean keepAlive() {
    return keepAlive;
  }

  @Override
  public int[] keepAliveTimings() {
    return timingsSupported ? timings.clone() : null;
  }

  @Override
  public void buffers(int receiveBytes, int sendBytes) {
    buffers = new int[] {receiveBytes > 0 ? receiveBytes : buffers[0], sendBytes > 0 ? sendBytes : buffers[1]};
    changes++;
  }

  @Override
  public int[] buffers() {
    return buffers.clone();
  }

  /** How many times a policy set an option on this socket (0: the policy left no trace). */
  public int changes() {
    return changes;
  }
}
