package io.tcpgate.testkit;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one backend connection saw: bytes received (count and SHA-256), bytes sent, how the
 * inbound direction ended, and any unexpected failure of its behaviour; counts are in bytes.
 *
 * <p>Thread-safe; the {@code record*} methods are for {@link Behaviour} implementations.
 */
public final class Observed {

  private final int index;
  private final Sha256Sink received = new Sha256Sink();
  private final AtomicLong sent = new AtomicLong();
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile Ending ending = Ending.OPEN;
  private volatile Throwable failure;

  Observed(int index) {
    this.index = index;
  }

  /** Zero-based accept order of this connection on its backend. */
  public int index() {
    return index;
  }

  /** Bytes received from the peer so far. */
  public long bytesReceived() {
    return received.count();
  }

  /** Count and SHA-256 of the bytes received so far. */
  public StreamDigest received() {
    return received.digest();
  }

  /** Bytes written to the peer so far. */
  public long bytesSent() {
    return sent.get();
  }

  /** How the inbound direction ended; {@link Ending#OPEN} until EOF or RST is seen. */
  public Ending ending() {
    return ending;
  }

  /** Whether the behaviour has returned and the backend closed the socket. */
  public boolean isFinished() {
    return finished.getCount() == 0;
  }

  /** An unexpected exception thrown by the behaviour (not EOF, reset, or backend close). */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  public void recordReceived(byte[] b, int off, int len) {
    received.write(b, off, len);
  }

  public void recordSent(long bytes) {
    sent.addAndGet(bytes);
  }

  /** Records the first ending seen; later calls do not overwrite EOF or RESET. */
  public synchronized void recordEnding(Ending e) {
    if (ending == Ending.OPEN) {
      ending = e;
    }
  }

  void recordFailure(Throwable t) {
    failure = t;
  }

  void finish() {
    finished.countDown();
  }

  boolean awaitFinished(long nanos) throws InterruptedException {
    return finished.await(nanos, TimeUnit.NANOSECONDS);
  }

  /** Waits up to {@code timeout} for the behaviour to finish; returns whether it did. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return awaitFinished(timeout.toNanos());
  }

  @Override
  public String toString() {
    return "Observed[#" + index + ", received " + received.digest() + ", sent " + sent.get()
        + " bytes, ending=" + ending + (isFinished() ? ", finished" : ", running")
        + (failure == null ? "" : ", failure=" + failure) + "]";
  }
}
