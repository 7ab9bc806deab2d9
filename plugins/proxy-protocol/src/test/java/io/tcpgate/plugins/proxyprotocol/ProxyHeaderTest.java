package io.tcpgate.plugins.proxyprotocol;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The PROXY protocol header, both versions, from address objects: IPv4, IPv6, mixed, and addresses that are not IP. */
class ProxyHeaderTest {
  private static final InetSocketAddress V4_CLIENT = inet("192.168.0.1", 56324);
  private static final InetSocketAddress V4_GATEWAY = inet("192.168.0.11", 443);
  private static final InetSocketAddress V6_CLIENT = inet("2001:db8:0:0:0:0:0:1", 40000);
  private static final InetSocketAddress V6_GATEWAY = inet("::1", 8443);
  private static final UnixDomainSocketAddress UNIX = UnixDomainSocketAddress.of("/run/tcpgate.sock");

  private static InetSocketAddress inet(String literal, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(literal), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  private static String v1(SocketAddress source, SocketAddress destination) {
    return new String(ProxyHeader.v1(source, destination), US_ASCII);
  }

  @Test
  void versionOneWritesIpv4AddressesInDecimalThenThePorts() {
    assertThat(v1(V4_CLIENT, V4_GATEWAY)).isEqualTo("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n");
  }

  @Test
  void versionOneWritesIpv6AddressesInTheirShortFormWithoutScope() throws Exception {
    assertThat(v1(V6_CLIENT, V6_GATEWAY)).isEqualTo("PROXY TCP6 2001:db8::1 ::1 40000 8443\r\n");
    InetSocketAddress scoped = new InetSocketAddress(Inet6Address.getByAddress(null,
      InetAddress.getByName("fe80::1").getAddress(), 1), 5000);
    assertThat(v1(scoped, V6_GATEWAY)).isEqualTo("PROXY TCP6 fe80::1 ::1 5000 8443\r\n");
  }

  @Test
  void anIpv4AddressBesideAnIpv6OneIsWrittenAsIpv4MappedIpv6() {
    assertThat(v1(V4_CLIENT, V6_GATEWAY)).isEqualTo("PROXY TCP6 ::ffff:c0a8:1 ::1 56324 8443\r\n");
  }

  @Test
  void versionOneSaysUnknownForAClientThatIsNotIp() {
    assertThat(v1(UNIX, UNIX)).isEqualTo("PROXY UNKNOWN\r\n");
    assertThat(v1(InetSocketAddress.createUnresolved("client.example", 1), V4_GATEWAY)).isEqualTo("PROXY UNKNOWN\r\n");
  }

  @Test
  void theShortIpv6FormCompressesTheFirstLongestRunOfTwoOrMoreZeroGroups() throws Exception {
    assertThat(ProxyHeader.ipv6Text(InetAddress.getByName("::").getAddress())).isEqualTo("::");
    assertThat(ProxyHeader.ipv6Text(InetAddress.getByName("1:0:0:0:0:0:0:0").getAddress())).isEqualTo("1::");
    assertThat(ProxyHeader.ipv6Text(InetAddress.getByName("1:0:0:2:0:0:0:3").getAddress())).isEqualTo("1:0:0:2::3");
    assertThat(ProxyHeader.ipv6Text(InetAddress.getByName("1:0:0:2:0:0:3:4").getAddress())).isEqualTo("1::2:0:0:3:4");
    assertThat(ProxyHeader.ipv6Text(InetAddress.getByName("1:0:2:3:4:5:6:ABCD").getAddress())).isEqualTo("1:0:2:3:4:5:6:abcd");
  }

  @Test
  void versionTwoForIpv4IsTheSignatureProxyCommandTcpOverIpv4AndTwelveAddressBytes() {
    byte[] expected = ByteBuffer.allocate(28)
      .put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A})
      .put((byte) 0x21).put((byte) 0x11).put((byte) 0).put((byte) 12)
      .put(new byte[] {(byte) 192, (byte) 168, 0, 1}).put(new byte[] {(byte) 192, (byte) 168, 0, 11})
      .put((byte) (56324 >> 8)).put((byte) (56324 & 0xff)).put((byte) 0x01).put((byte) 0xBB)
      .array();
    assertThat(ProxyHeader.v2(V4_CLIENT, V4_GATEWAY)).isEqualTo(expected);
  }

  @Test
  void versionTwoForIpv6IsTheSignatureProxyCommandTcpOverIpv6AndThirtySixAddressBytes() throws Exception {
    byte[] header = ProxyHeader.v2(V6_CLIENT, V6_GATEWAY);
    assertThat(header).hasSize(16 + 36);
    ByteBuffer b = ByteBuffer.wrap(header);
    byte[] signature = new byte[12];
    b.get(signature);
    assertThat(signature).isEqualTo(ProxyHeader.V2_SIGNATURE);
    assertThat(b.get()).isEqualTo((byte) 0x21);
    assertThat(b.get()).isEqualTo((byte) 0x21);
    assertThat(b.getShort()).isEqualTo((short) 36);
    byte[] src = new byte[16];
    byte[] dst = new byte[16];
    b.get(src).get(dst);
    assertThat(src).isEqualTo(InetAddress.getByName("2001:db8::1").getAddress());
    assertThat(dst).isEqualTo(InetAddress.getByName("::1").getAddress());
    assertThat(b.getShort() & 0xffff).isEqualTo(40000);
    assertThat(b.getShort() & 0xffff).isEqualTo(8443);
  }

  @Test
  void versionTwoMapsAnIpv4AddressBesideAnIpv6One() {
    ByteBuffer b = ByteBuffer.wrap(ProxyHeader.v2(V4_CLIENT, V6_GATEWAY));
    b.position(13);
    assertThat(b.get()).isEqualTo((byte) 0x21);
    assertThat(b.getShort()).isEqualTo((short) 36);
    byte[] src = new byte[16];
    b.get(src);
    assertThat(src).isEqualTo(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, (byte) 168, 0, 1});
  }

  @Test
  void versionTwoForAClientThatIsNotIpIsTheLocalCommandWithNoAddress() {
    byte[] expected = ByteBuffer.allocate(16).put(ProxyHeader.V2_SIGNATURE).put((byte) 0x20).put((byte) 0x00).putShort((short) 0).array();
    assertThat(ProxyHeader.v2(UNIX, UNIX)).isEqualTo(expected);
    assertThat(ProxyHeader.v2(V4_CLIENT, UNIX)).isEqualTo(expected);
  }

  @Test
  void encodePicksTheVersion() {
    assertThat(ProxyHeader.encode(1, V4_CLIENT, V4_GATEWAY)).isEqualTo(ProxyHeader.v1(V4_CLIENT, V4_GATEWAY));
    assertThat(ProxyHeader.encode(2, V4_CLIENT, V4_GATEWAY)).isEqualTo(ProxyHeader.v2(V4_CLIENT, V4_GATEWAY));
  }
}
