package io.tcpgate.core.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The TCP sockets a process listens on, read from /proc (Linux): {@code a.b.c.d:port} each. */
final class ListeningSockets {
  private ListeningSockets() {
  }

  static List<String> of(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      fds.forEach(fd -> {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      });
    }
    List<String> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      List<String> lines = Files.readAllLines(Path.of(table));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          out.add(decode(f[1]));
        }
      }
    }
    return out;
  }

  /** {@code 0200007F:1F90} to {@code 127.0.0.2:8080}; IPv4-mapped too; other IPv6 as {@code v6:HEX:port}. */
  private static String decode(String hex) {
    String[] p = hex.split(":");
    int port = Integer.parseInt(p[1], 16);
    String ip = p[0];
    if (ip.length() == 32 && ip.startsWith("0000000000000000FFFF0000")) {
      ip = ip.substring(24); // IPv4-mapped IPv6 (::ffff:a.b.c.d) of a dual-stack socket
    }
    if (ip.length() != 8) {
      return "v6:" + ip + ":" + port;
    }
    long a = Long.parseLong(ip, 16);
    return (a & 0xff) + "." + (a >> 8 & 0xff) + "." + (a >> 16 & 0xff) + "." + (a >> 24 & 0xff) + ":" + port;
  }
}
