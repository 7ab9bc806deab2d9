package io.tcpgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * An output stream that keeps only the running byte count and SHA-256 of what passes through,
 * so streams of hundreds of MiB are checked without being held in memory.
 *
 * <p>Thread-safe: a snapshot ({@link #digest()}) may be taken while another thread writes.
 */
public final class Sha256Sink extends OutputStream {

  /** Size in bytes of the buffer used by the {@code drain} methods. */
  public static final int BUFFER_BYTES = 64 * 1024;

  private final MessageDigest sha = newSha256();
  private long count;

  @Override
  public synchronized void write(int b) {
    sha.update((byte) b);
    count++;
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    sha.update(b, off, len);
    count += len;
  }

  /** Bytes consumed so far. */
  public synchronized long count() {
    return count;
  }

  /** Count and SHA-256 of everything consumed so far; the sink keeps accepting bytes. */
  public synchronized StreamDigest digest() {
    try {
      MessageDigest copy = (MessageDigest) sha.clone();
      return new StreamDigest(count, HexFormat.of().formatHex(copy.digest()));
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 provider cannot snapshot", e);
    }
  }

  /**
   * Consumes {@code in} to EOF. Only as bounded as {@code in} is: for sockets prefer
   * {@link #drain(Socket, Duration)}.
   */
  public static StreamDigest drain(InputStream in) throws IOException {
    Sha256Sink sink = new Sha256Sink();
    in.transferTo(sink);
    return sink.digest();
  }

  /**
   * Reads {@code socket} to EOF within {@code timeout} (wall-clock, whole read) and returns the
   * count and SHA-256 of what arrived.
   *
   * @throws AssertionError on timeout or if the connection is reset instead of ending with EOF
   */
  public static StreamDigest drain(Socket socket, Duration timeout) throws IOException {
    Sha256Sink sink = new Sha256Sink();
    Deadline deadline = Deadline.after(timeout, "EOF on " + socket);
    byte[] buf = new byte[BUFFER_BYTES];
    try {
      int n;
      while ((n = deadline.read(socket, buf, 0, buf.length, sink.count() + " bytes so far")) >= 0) {
        sink.write(buf, 0, n);
      }
    } catch (IOException e) {
      if (Deadline.isReset(e)) {
        throw new AssertionError("expected EOF on " + socket + " but the connection was reset after "
            + sink.count() + " bytes", e);
      }
      throw e;
    }
    return sink.digest();
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
