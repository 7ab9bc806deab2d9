package io.tcpgate.testkit;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Refuses any socket address outside 127.0.0.0/8, so that no testkit peer ever binds to or
 * connects to anything but this machine's IPv4 loopback range.
 *
 * <p>Ports are TCP port numbers (0 to 65535; 0 means "let the kernel pick").
 */
public final class Loopback {

  /** The address 127.0.0.1 that every testkit peer uses unless given another loopback one. */
  public static final InetAddress ADDRESS = loopback();

  private Loopback() {}

  /** Returns {@code 127.0.0.1:port}; {@code port} is a TCP port number (0 = ephemeral). */
  public static InetSocketAddress address(int port) {
    return new InetSocketAddress(ADDRESS, port);
  }

  /** Whether {@code address} is a resolved IPv4 address in 127.0.0.0/8. */
  public static boolean isLoopback(InetSocketAddress address) {
    if (address == null || address.isUnresolved()) {
      return false;
    }
    InetAddress ip = address.getAddress();
    return ip instanceof Inet4Address && ip.getAddress()[0] == 127;
  }

  /**
   * Returns {@code address} unchanged if it is in 127.0.0.0/8, otherwise throws before any
   * packet is sent.
   *
   * @throws IllegalArgumentException if the address is unresolved, IPv6 or not loopback
   */
  public static InetSocketAddress require(InetSocketAddress address) {
    if (!isLoopback(address)) {
      throw new IllegalArgumentException(
          "testkit only talks to 127.0.0.0/8, refusing address " + address);
    }
    return address;
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
