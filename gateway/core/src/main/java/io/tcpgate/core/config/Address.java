package io.tcpgate.core.config;

import io.netty.util.NetUtil;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.regex.Pattern;

/**
 * A listen or backend address: {@code host:port} (a name, IPv4, or {@code [IPv6]}) resolved at connect
 * time, or {@code unix:/path} for a unix-domain socket (native transport only).
 */
public record Address(String host, int port, String unixPath) {
  /** A host name or IPv4 address, as the schema has it. */
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  /** What may be written in brackets, as the schema has it. */
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
  /** A host that can only be meant as an IPv4 address. */
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");
  /** The spaces and tabs around an address, which are not part of it. */
  private static final Pattern SPACES_AROUND = Pattern.compile("^[ \\t]+|[ \\t]+$");

  /** What a valid address where port 0 is not (a backend) looks like, for error messages. */
  public static final String EXPECTED = expected(false);

  /** What a valid address looks like, for error messages; {@code allowPortZero} as for {@link #parse}. */
  public static String expected(boolean allowPortZero) {
    return "host:port (port " + (allowPortZero ? "0-65535, 0 = any free port" : "1-65535") + "), [ipv6]:port, or unix:/absolute/path";
  }

  /**
   * Parses an address. Spaces and tabs around it are not part of it; a line break or another control
   * character anywhere in it is refused, a last one too, as the schema's pattern refuses it.
   *
   * @param allowPortZero whether port 0 (an ephemeral port chosen at bind) is valid
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Address parse(String text, boolean allowPortZero) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("expected " + expected(allowPortZero) + ", got an empty value");
    }
    String s = SPACES_AROUND.matcher(text).replaceAll("");
    if (s.startsWith("unix:")) {
      String path = s.substring(5);
      if (!path.startsWith("/") || path.length() == 1) {
        throw new IllegalArgumentException("expected unix:/absolute/path, got \"" + text + "\"");
      }
      if (path.indexOf('\0') >= 0) { // the socket API would end the path there: another file than the one named
        throw new IllegalArgumentException("a unix socket path cannot hold a NUL character, got \"" + text.replace("\0", "\\0") + "\"");
      }
      if (path.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("a unix socket path cannot hold a line break or another control character, got \"" + text + "\"");
      }
      return new Address(null, 0, path);
    }
    if (s.startsWith("[") && !s.contains("]:")) {
      throw new IllegalArgumentException("expected [ipv6]:port, got \"" + text + "\"");
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("expected " + expected(allowPortZero) + ", got \"" + text + "\"");
    }
    String host = s.substring(0, colon);
    boolean bracketed = host.startsWith("[") && host.endsWith("]");
    if (bracketed) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("IPv6 hosts must be in brackets, e.g. [::1]:6379, got \"" + text + "\"");
    }
    String portText = s.substring(colon + 1);
    int port;
    int min = allowPortZero ? 0 : 1;
    try {
      // parseInt takes a sign and other scripts' digits too; the schema takes at most 5 digits
      if (portText.length() > 5 || !portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new NumberFormatException(portText);
      }
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number from " + min + " to 65535, got \"" + portText + "\" in \"" + text + "\"");
    }
    if (port < min || port > 65535) {
      throw new IllegalArgumentException("port must be from " + min + " to 65535, got " + port + " in \"" + text + "\"");
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("missing host in \"" + text + "\"");
    }
    // The schema refuses these too, but its problem is not listed where another one names the list holding
    // it (a backend leading back to its route); and "${HOST}" would be looked up as a name at connect time.
    if (bracketed && !(IPV6.matcher(host).matches() && NetUtil.isValidIpV6Address(host))) {
      throw new IllegalArgumentException("expected an IPv6 address in the brackets, got \"" + text + "\"");
    }
    // No host name is digits and dots only (its last label would be all digits): such a host is meant as
    // an IPv4 address, and one that is not valid would otherwise be looked up as a name at connect time.
    if (!bracketed && DIGITS_AND_DOTS.matcher(host).matches() && !NetUtil.isValidIpV4Address(host)) {
      throw new IllegalArgumentException("expected an IPv4 address (four numbers 0-255 joined by '.'), got \"" + host + "\" in \"" + text + "\"");
    }
    if (!bracketed && !host.equals("*") && !HOST_NAME.matcher(host).matches()) {
      throw new IllegalArgumentException("expected a host name (letters, digits, '-', '_', '.'), an IPv4 address or *, got \"" + text + "\""
        + (host.contains("$") ? "; ${...} and $NAME are not expanded: they stay as written" : ""));
    }
    return new Address(host, port, null);
  }

  public boolean isUnix() {
    return unixPath != null;
  }

  /** Whether the host is a wildcard ({@code 0.0.0.0}, {@code ::}, {@code *}). */
  public boolean isWildcard() {
    return !isUnix() && ("0.0.0.0".equals(host) || "::".equals(host) || "*".equals(host));
  }

  /** The same address with another port (e.g. the real one after binding port 0). */
  public Address withPort(int newPort) {
    return new Address(host, newPort, unixPath);
  }

  /** The socket address when the host is an IP address (IPv4 or IPv6 literal); null for a name or a unix path. */
  public InetSocketAddress ipLiteral() {
    if (isUnix()) {
      return null;
    }
    InetAddress ip = NetUtil.createInetAddressFromIpAddressString(host);
    return ip == null ? null : new InetSocketAddress(ip, port);
  }

  /** A Vert.x socket address (unresolved: names are resolved at connect time). */
  public SocketAddress toSocketAddress() {
    return isUnix() ? SocketAddress.domainSocketAddress(unixPath) : SocketAddress.inetSocketAddress(port, "*".equals(host) ? "0.0.0.0" : host);
  }

  @Override
  public String toString() {
    if (isUnix()) {
      return "unix:" + unixPath;
    }
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
