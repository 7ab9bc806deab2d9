package io.tcpgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finds TCP ports that were free a moment ago, for configs that need a port number before the listener
 * exists. They are taken below the kernel's ephemeral range (Linux: {@code ip_local_port_range}), so a
 * port-0 bind made later (a test's backend) or a connect's source port can never be the same number;
 * within one JVM no number is given twice. Another process may still take one in between: prefer
 * binding to port 0 where the code under test allows it.
 */
public final class FreePorts {
  /** The lowest port given out. */
  static final int LOWEST = 10_000;
  /** Ports tried for one pick before giving up. */
  private static final int TRIES = 2_000;
  /** The next candidate, from a random start per JVM (two builds on one machine seldom walk the same numbers). */
  private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));

  private FreePorts() {}

  /** A TCP port number that was free on 127.0.0.1 when this returned. */
  public static int freePort() {
    return distinctFreePorts(Loopback.ADDRESS, 1).get(0);
  }

  /**
   * {@code n} different TCP port numbers that were free on {@code host} when this returned (all probed
   * at once, so no number comes twice).
   */
  public static List<Integer> distinctFreePorts(String host, int n) {
    try {
      return distinctFreePorts(InetAddress.getByName(host), n);
    } catch (IOException e) {
      throw new UncheckedIOException("no " + n + " free ports on " + host, e);
    }
  }

  /** {@code 127.0.0.1:}{@link #freePort()}. */
  public static InetSocketAddress freeAddress() {
    return Loopback.address(freePort());
  }

  private static List<Integer> distinctFreePorts(InetAddress host, int n) {
    int[] ephemeral = ephemeralRange();
    int highest = ephemeral[0] - 1;
    List<ServerSocket> probes = new ArrayList<>();
    try {
      List<Integer> ports = new ArrayList<>();
      for (int tried = 0; ports.size() < n; tried++) {
        if (highest - LOWEST < 1_000 || tried >= TRIES) { // no room below the ephemeral range, or it is full: the kernel picks
          ports.add(bound(probes, host, 0));
          continue;
        }
        int candidate = LOWEST + Math.floorMod(NEXT.getAndIncrement(), highest - LOWEST + 1);
        try {
          ports.add(bound(probes, host, candidate));
        } catch (IOException taken) {
          // in use: the next one
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no " + n + " free ports on " + host, e);
    } finally {
      probes.forEach(Peers::closeQuietly);
    }
  }

  /** Binds a probe on {@code host:port} (kept in {@code probes} until all are picked); the port it got. */
  private static int bound(List<ServerSocket> probes, InetAddress host, int port) throws IOException {
    ServerSocket probe = new ServerSocket();
    probes.add(probe);
    probe.setReuseAddress(true);
    probe.bind(new InetSocketAddress(host, port), 1);
    return probe.getLocalPort();
  }

  /** The kernel's ephemeral port range, lowest and highest; Linux's default where it cannot be read. */
  static int[] ephemeralRange() {
    try {
      String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+");
      return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[1])};
    } catch (IOException | RuntimeException e) {
      return new int[] {32_768, 60_999};
    }
  }
}
