package io.tcpgate.core.relay;

import io.netty.channel.ChannelException;
import io.netty.channel.unix.Socket;
import io.tcpgate.spi.SocketOptions;
import java.io.IOException;

/**
 * The options of a socket on epoll directly ({@link EpollLegSocket}), for policies, through
 * {@code setsockopt}/{@code getsockopt}; a failure is a {@link ChannelException}, as a channel's.
 */
final class EpollSocketOptions implements SocketOptions {
  static final int IPPROTO_TCP = 6;
  private static final int TCP_KEEPIDLE = 4;
  private static final int TCP_KEEPINTVL = 5;
  private static final int TCP_KEEPCNT = 6;
  private static final int TCP_QUICKACK = 12;

  private final Socket socket;

  EpollSocketOptions(Socket socket) {
    this.socket = socket;
  }

  /** Turns TCP_QUICKACK on (acknowledge at once), as the relay does on each of its sockets. */
  static void quickAck(Socket socket) throws IOException {
    socket.setIntOpt(IPPROTO_TCP, TCP_QUICKACK, 1);
  }

  @Override
  public void tcpNoDelay(boolean on) {
    run(() -> socket.setTcpNoDelay(on));
  }

  @Override
  public boolean tcpNoDelay() {
    return get(socket::isTcpNoDelay);
  }

  @Override
  public boolean keepAlive(boolean on, int idleSeconds, int intervalSeconds, int count) {
    run(() -> {
      socket.setKeepAlive(on);
      if (idleSeconds > 0) {
        socket.setIntOpt(IPPROTO_TCP, TCP_KEEPIDLE, idleSeconds);
      }
      if (intervalSeconds > 0) {
        socket.setIntOpt(IPPROTO_TCP, TCP_KEEPINTVL, intervalSeconds);
      }
      if (count > 0) {
        socket.setIntOpt(IPPROTO_TCP, TCP_KEEPCNT, count);
      }
    });
    return true;
  }

  @Override
  public boolean keepAlive() {
    return get(socket::isKeepAlive);
  }

  @Override
  public void buffers(int receiveBytes, int sendBytes) {
    run(() -> {
      if (receiveBytes > 0) {
        socket.setReceiveBufferSize(receiveBytes);
      }
      if (sendBytes > 0) {
        socket.setSendBufferSize(sendBytes);
      }
    });
  }

  @Override
  public int[] buffers() {
    return get(() -> new int[] {socket.getReceiveBufferSize(), socket.getSendBufferSize()});
  }

  @Override
  public int[] keepAliveTimings() {
    return get(() -> new int[] {
      socket.getIntOpt(IPPROTO_TCP, TCP_KEEPIDLE),
      socket.getIntOpt(IPPROTO_TCP, TCP_KEEPINTVL),
      socket.getIntOpt(IPPROTO_TCP, TCP_KEEPCNT)
    });
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private interface IoGetter<T> {
    T get() throws IOException;
  }

  private static void run(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }

  private static <T> T get(IoGetter<T> getter) {
    try {
      return getter.get();
    } catch (IOException e) {
      throw new ChannelException(e);
    }
  }
}
