package io.tcpgate.plugins.socketoptions;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.Side;
import io.tcpgate.spi.SocketOptions;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Test-only policy {@code socket-probe}: once the backend is connected it reads the options of both of
 * the gateway's sockets back (a getsockopt on each) and hands them to the test. List it after the
 * policies under test, since policies run in config order.
 */
public final class SocketProbe implements PolicyFactory {
  /** The options of one socket as read back from it. */
  public record Options(boolean tcpNoDelay, boolean keepAlive, int[] keepAliveTimings, int[] buffers) {
  }

  private static final BlockingQueue<Map<Side, Options>> READ_BACK = new LinkedBlockingQueue<>();

  /** Forgets what earlier connections read back. */
  public static void forget() {
    READ_BACK.clear();
  }

  /** The options of both sockets of the next connection that got its backend. */
  public static Map<Side, Options> next(Duration timeout) throws InterruptedException {
    Map<Side, Options> got = READ_BACK.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (got == null) {
      throw new AssertionError("no connection reached its backend within " + timeout.toMillis() + " ms");
    }
    return got;
  }

  @Override
  public String type() {
    return "socket-probe";
  }

  @Override
  public Policy create(PolicyConfig config) {
    return (ConnectionContext connection) -> new ConnectionPolicy() {
      @Override
      public void onBackendConnected() {
        Map<Side, Options> both = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
          SocketOptions s = connection.socket(side);
          both.put(side, new Options(s.tcpNoDelay(), s.keepAlive(), s.keepAliveTimings(), s.buffers()));
        }
        READ_BACK.add(both);
      }
    };
  }
}
