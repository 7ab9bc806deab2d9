package io.tcpgate.testkit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A write running on its own daemon thread, so a test can read the other direction meanwhile
 * and still bound the write by a timeout; counts are in bytes.
 */
public final class PendingWrite {

  /** A write action against a socket's output stream. */
  @FunctionalInterface
  interface WriteAction {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Socket socket;
  private final String what;
  private final AtomicLong written = new AtomicLong();
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile Throwable failure;

  private PendingWrite(Socket socket, String what) {
    this.socket = socket;
    this.what = what;
  }

  static PendingWrite start(Socket socket, String what, boolean finWhenDone, WriteAction action) {
    PendingWrite w = new PendingWrite(socket, what);
    Threads.startDaemon("testkit-writer-" + socket.getLocalPort(), () -> w.run(action, finWhenDone));
    return w;
  }

  private void run(WriteAction action, boolean finWhenDone) {
    try {
      OutputStream counting = new FilterOutputStream(socket.getOutputStream()) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          written.addAndGet(len);
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          written.incrementAndGet();
        }
      };
      action.writeTo(counting);
      counting.flush();
      if (finWhenDone) {
        socket.shutdownOutput();
      }
    } catch (Throwable t) {
      failure = t;
    } finally {
      done.countDown();
    }
  }

  /** Bytes handed to the socket so far. */
  public long bytesWritten() {
    return written.get();
  }

  /** Whether the write has finished, successfully or not. */
  public boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Waits up to {@code timeout} for the write to finish.
   *
   * @throws AssertionError on timeout (after closing the socket to free the writer thread)
   * @throws IOException the write's own failure, if it failed
   */
  public void await(Duration timeout) throws IOException {
    boolean finished;
    try {
      finished = done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for write of " + what, e);
    }
    if (!finished) {
      Peers.closeQuietly(socket);
      throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for write of "
          + what + " on " + socket + " (" + written.get() + " bytes written; socket closed)");
    }
    Throwable t = failure;
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
  }
}
