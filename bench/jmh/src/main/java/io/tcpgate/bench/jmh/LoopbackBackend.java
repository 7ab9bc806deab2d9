package io.tcpgate.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A lean loopback backend for the benchmarks: one daemon thread per connection, a 64 KiB buffer, and
 * nothing else per byte (the testkit's peers record a SHA-256 of every byte, which would compete with
 * the gateway for the CPU). {@link Mode#ECHO} writes every byte back, {@link Mode#SINK} discards them.
 */
final class LoopbackBackend implements AutoCloseable {
  enum Mode { ECHO, SINK }

  private final Mode mode;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  LoopbackBackend(Mode mode) throws IOException {
    this.mode = mode;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "bench-backend-" + mode.name().toLowerCase() + "-accept");
    accept.setDaemon(true);
    accept.start();
  }

  InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
        s.setTcpNoDelay(true);
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(s);
      Thread t = new Thread(() -> serve(s), "bench-backend-" + mode.name().toLowerCase());
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    byte[] buf = new byte[64 * 1024];
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) { // ends on EOF, reset or close()
        if (mode == Mode.ECHO) {
          out.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // the peer went away or close() ran: nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
