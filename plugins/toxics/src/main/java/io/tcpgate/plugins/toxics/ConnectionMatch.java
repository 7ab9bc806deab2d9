package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ProblemText;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Which new connections a toxic may act on: {@code match: {client: "10.0.0.0/8", every: 3, percent: 25}}.
 * {@code client} is an address or CIDR block of the client; {@code every} N selects the 1st, (N+1)th, …
 * eligible connection (0 or absent: all); {@code percent} is the share of connections, 0..100, counted
 * deterministically (every connection whose running share falls behind is selected). All given
 * conditions must hold; an absent {@code match} selects every connection.
 */
final class ConnectionMatch {
  static final ConnectionMatch ALL = new ConnectionMatch(null, 0, 0, 100);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");
  private final byte[] network;
  private final int prefix;
  private final long every;
  private final double percent;
  private final AtomicLong seen = new AtomicLong();
  private final AtomicLong picked = new AtomicLong();

  private ConnectionMatch(byte[] network, int prefix, long every, double percent) {
    this.network = network;
    this.prefix = prefix;
    this.every = every;
    this.percent = percent;
  }

  /** Reads {@code match}; its problems name {@code match.<field>} and are listed with the toxic's others. */
  static ConnectionMatch parse(PolicyConfig config) throws InvalidPolicyConfigException {
    Object v = config.json().getValue("match");
    if (v == null) {
      return ALL;
    }
    if (!(v instanceof JsonObject)) {
      return config.invalid("match", "expected an object with client, every and/or percent, got " + ProblemText.value(v), ALL);
    }
    PolicyConfig m = config.object("match").allowOnly("client", "every", "percent");
    long every = m.integer("every", 0, 0, Integer.MAX_VALUE);
    double percent = m.number("percent", 100, 0, 100);
    String client = m.string("client", null);
    if (client == null) {
      return new ConnectionMatch(null, 0, every, percent);
    }
    try {
      String[] parts = client.split("/", 2);
      byte[] network = ipLiteral(parts[0]);
      int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
      if (prefix < 0 || prefix > network.length * 8) {
        throw new NumberFormatException();
      }
      return new ConnectionMatch(network, prefix, every, percent);
    } catch (UnknownHostException | NumberFormatException e) {
      return m.invalid("client", "expected an IP address or CIDR block such as 10.0.0.0/8, got \"" + client + "\"", ALL);
    }
  }

  /** The address bytes of an IPv4 or IPv6 literal; a name is refused, never looked up. */
  private static byte[] ipLiteral(String text) throws UnknownHostException {
    if (IPV4.matcher(text).matches()) {
      for (String octet : text.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          throw new NumberFormatException();
        }
      }
    } else if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
      throw new NumberFormatException();
    }
    return InetAddress.getByName(text).getAddress(); // a literal: parsed, not resolved
  }

  boolean matches(ConnectionContext connection) {
    if (network != null && !inNetwork(connection)) {
      return false;
    }
    long n = seen.getAndIncrement();
    if (every > 1 && n % every != 0) {
      return false;
    }
    if (percent >= 100) {
      return true;
    }
    long eligible = every > 1 ? n / every + 1 : n + 1;
    if (picked.get() < Math.floor(eligible * percent / 100.0 + 1e-9)) {
      picked.incrementAndGet();
      return true;
    }
    return false;
  }

  private boolean inNetwork(ConnectionContext connection) {
    if (!(connection.clientAddress() instanceof InetSocketAddress)) {
      return false;
    }
    InetAddress a = ((InetSocketAddress) connection.clientAddress()).getAddress();
    byte[] b = a == null ? null : a.getAddress();
    if (b == null || b.length != network.length) {
      return false;
    }
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
