package io.tcpgate.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The kernel's table of TCP sockets (/proc/net/tcp and tcp6, Linux), looked up by a 127.0.0.1 local port. */
public final class TcpTable {
  /** TCP state numbers as the table gives them. */
  public static final int FIN_WAIT2 = 5;
  public static final int TIME_WAIT = 6;
  public static final int LISTEN = 10;

  /** One socket: its TCP state, and its receive queue (for a listener: clients completed and not yet accepted). */
  public record Row(int state, int receiveQueue) {
  }

  private TcpTable() {
  }

  /** The first socket whose local address is 127.0.0.1:{@code localPort} (IPv4, or IPv4-mapped in tcp6), if any. */
  public static Optional<Row> loopback(int localPort) {
    String local = String.format("0100007F:%04X", localPort);
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      try {
        for (String line : Files.readAllLines(Path.of(table))) {
          String[] f = line.trim().split("\\s+");
          if (f.length > 4 && f[1].endsWith(local)) {
            return Optional.of(new Row(Integer.parseInt(f[3], 16), Integer.parseInt(f[4].substring(f[4].indexOf(':') + 1), 16)));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Optional.empty();
  }
}
