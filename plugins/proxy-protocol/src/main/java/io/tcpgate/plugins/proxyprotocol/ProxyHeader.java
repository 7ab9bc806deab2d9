package io.tcpgate.plugins.proxyprotocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The PROXY protocol header (HAProxy's {@code doc/proxy-protocol.txt}) that tells a backend where a
 * relayed TCP connection came from and where it went: version 1 is one line of US-ASCII text, version 2
 * a binary block. The source is the client's address and port, the destination the address and port the
 * client connected to. Two IPv4 addresses are sent as IPv4; an IPv6 one makes both IPv6 (an IPv4 one
 * then as {@code ::ffff:a.b.c.d}). When either is not an IP address (a unix-domain client, a name not
 * resolved) the header says so without addresses: {@code PROXY UNKNOWN} in version 1, the LOCAL command
 * with the UNSPEC family and no address block in version 2.
 */
final class ProxyHeader {
  /** The 12 bytes a version 2 header starts with. */
  static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
  /** Version 2 (high four bits) with the PROXY command: the addresses are the relayed connection's. */
  static final int V2_PROXY = 0x21;
  /** Version 2 with the LOCAL command: the receiver uses the connection's own endpoints. */
  static final int V2_LOCAL = 0x20;
  /** Family and protocol bytes: TCP over IPv4, TCP over IPv6, unspecified. */
  static final int TCP_OVER_IPV4 = 0x11;
  static final int TCP_OVER_IPV6 = 0x21;
  static final int UNSPEC = 0x00;

  private ProxyHeader() {
  }

  /** The header of {@code version} (1 or 2) for a connection from {@code source} to {@code destination}. */
  static byte[] encode(int version, SocketAddress source, SocketAddress destination) {
    return version == 2 ? v2(source, destination) : v1(source, destination);
  }

  /** Version 1: {@code PROXY TCP4 <src> <dst> <sport> <dport>\r\n}, {@code TCP6} for IPv6, or {@code PROXY UNKNOWN\r\n}. */
  static byte[] v1(SocketAddress source, SocketAddress destination) {
    InetAddress src = ip(source);
    InetAddress dst = ip(destination);
    String line;
    if (src == null || dst == null) {
      line = "PROXY UNKNOWN\r\n";
    } else if (bothIpv4(src, dst)) {
      line = "PROXY TCP4 " + src.getHostAddress() + " " + dst.getHostAddress() + " " + ports(source, destination);
    } else {
      line = "PROXY TCP6 " + ipv6Text(sixteenBytes(src)) + " " + ipv6Text(sixteenBytes(dst)) + " " + ports(source, destination);
    }
    return line.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Version 2: the signature, version and command, family and protocol, the length of what follows
   * (network byte order), then the source and destination addresses and ports (4 + 4 + 2 + 2 bytes for
   * IPv4, 16 + 16 + 2 + 2 for IPv6).
   */
  static byte[] v2(SocketAddress source, SocketAddress destination) {
    InetAddress src = ip(source);
    InetAddress dst = ip(destination);
    if (src == null || dst == null) {
      return ByteBuffer.allocate(16).put(V2_SIGNATURE).put((byte) V2_LOCAL).put((byte) UNSPEC).putShort((short) 0).array();
    }
    boolean ipv4 = bothIpv4(src, dst);
    byte[] srcBytes = ipv4 ? src.getAddress() : sixteenBytes(src);
    byte[] dstBytes = ipv4 ? dst.getAddress() : sixteenBytes(dst);
    int length = srcBytes.length + dstBytes.length + 4;
    return ByteBuffer.allocate(16 + length).put(V2_SIGNATURE).put((byte) V2_PROXY)
      .put((byte) (ipv4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6)).putShort((short) length)
      .put(srcBytes).put(dstBytes)
      .putShort((short) port(source)).putShort((short) port(destination))
      .array();
  }

  /** The IP address of {@code address}, or null when it has none (a unix-domain address, a name not resolved). */
  private static InetAddress ip(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  private static int port(SocketAddress address) {
    return ((InetSocketAddress) address).getPort();
  }

  private static boolean bothIpv4(InetAddress a, InetAddress b) {
    return a instanceof Inet4Address && b instanceof Inet4Address;
  }

  private static String ports(SocketAddress source, SocketAddress destination) {
    return port(source) + " " + port(destination) + "\r\n";
  }

  /** The 16 bytes of an IPv6 address; an IPv4 one as its IPv4-mapped IPv6 form {@code ::ffff:a.b.c.d}. */
  private static byte[] sixteenBytes(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 16) {
      return bytes;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(bytes, 0, mapped, 12, 4);
    return mapped;
  }

  /**
   * An IPv6 address as text in the short canonical form (RFC 5952): groups in lower-case hex without
   * leading zeros, the longest run of two or more zero groups (the first of equal ones) written
   * {@code ::}, no scope. Java's own form writes every group ({@code 0:0:0:0:0:0:0:1}).
   */
  static String ipv6Text(byte[] sixteen) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (sixteen[2 * i] & 0xff) << 8 | sixteen[2 * i + 1] & 0xff;
    }
    int runStart = -1;
    int runLength = 1;
    for (int i = 0; i < 8; ) {
      int end = i;
      while (end < 8 && groups[end] == 0) {
        end++;
      }
      if (end - i > runLength) {
        runStart = i;
        runLength = end - i;
      }
      i = Math.max(end, i + 1);
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == runStart) {
        text.append("::");
        i += runLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
