package io.tcpgate.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * A loopback TCP server that echoes every byte back and, on the client's EOF, half-closes its
 * own output after echoing everything, then closes.
 *
 * <p>Each connection runs on its own daemon thread; a read idle for more than {@value
 * ScriptedBackend#DEFAULT_IDLE_TIMEOUT_MS} ms ends it. Ports are TCP port numbers.
 */
public final class EchoServer implements AutoCloseable {

  private final ScriptedBackend backend;

  /** Listens on 127.0.0.1 on an ephemeral port. */
  public EchoServer() throws IOException {
    this(Loopback.address(0));
  }

  /** Listens on {@code bind} (must be in 127.0.0.0/8; port 0 = ephemeral). */
  public EchoServer(InetSocketAddress bind) throws IOException {
    this.backend = new ScriptedBackend("echo-server", bind, Behaviour.echo(),
        Duration.ofMillis(ScriptedBackend.DEFAULT_IDLE_TIMEOUT_MS));
  }

  public int port() {
    return backend.port();
  }

  public InetSocketAddress address() {
    return backend.address();
  }

  /** Connections accepted so far. */
  public int connectionCount() {
    return backend.acceptedCount();
  }

  /** Waits until {@code n} connections were accepted; AssertionError after {@code timeout}. */
  public void awaitConnections(int n, Duration timeout) throws InterruptedException {
    backend.awaitConnections(n, timeout);
  }

  /** Waits for connection {@code index} to finish; see {@link ScriptedBackend#awaitObserved}. */
  public Observed awaitObserved(int index, Duration timeout) throws InterruptedException {
    return backend.awaitObserved(index, timeout);
  }

  @Override
  public void close() {
    backend.close();
  }

  @Override
  public String toString() {
    return backend.toString();
  }
}
