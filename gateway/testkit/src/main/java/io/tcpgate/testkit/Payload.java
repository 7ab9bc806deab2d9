package io.tcpgate.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A deterministic pseudo-random byte stream defined by a seed and a length in bytes, generated
 * on demand so that 64 MiB or 512 MiB can be sent and checked without being held in memory.
 *
 * <p>The same (seed, length) always yields the same bytes on every JVM: byte {@code i} is byte
 * {@code i % 8} (little-endian) of the {@code i / 8}-th SplitMix64 output seeded with {@code
 * seed}. A prefix of a longer payload with the same seed equals the shorter payload.
 */
public final class Payload {

  /** Default write chunk size in bytes. */
  public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;

  private final long seed;
  private final long length;
  private volatile StreamDigest digest;

  private Payload(long seed, long length) {
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0 bytes: " + length);
    }
    this.seed = seed;
    this.length = length;
  }

  /** A payload of {@code length} bytes generated from {@code seed}. */
  public static Payload of(long seed, long length) {
    return new Payload(seed, length);
  }

  public long seed() {
    return seed;
  }

  /** Length in bytes. */
  public long length() {
    return length;
  }

  /** Writes all bytes to {@code out} in writes of at most {@code chunkSize} bytes; no flush. */
  public void writeTo(OutputStream out, int chunkSize) throws IOException {
    if (chunkSize <= 0) {
      throw new IllegalArgumentException("chunkSize must be > 0 bytes: " + chunkSize);
    }
    Generator gen = new Generator(seed);
    byte[] buf = new byte[(int) Math.min(chunkSize, Math.max(1, length))];
    long left = length;
    while (left > 0) { // bounded: left strictly decreases
      int n = (int) Math.min(buf.length, left);
      gen.fill(buf, 0, n);
      out.write(buf, 0, n);
      left -= n;
    }
  }

  /** Writes all bytes to {@code out} in {@link #DEFAULT_CHUNK_BYTES}-byte writes. */
  public void writeTo(OutputStream out) throws IOException {
    writeTo(out, DEFAULT_CHUNK_BYTES);
  }

  /** A fresh stream over the bytes, from the first one. */
  public InputStream openStream() {
    Generator gen = new Generator(seed);
    return new InputStream() {
      private long left = length;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        gen.fill(b, off, n);
        left -= n;
        return n;
      }
    };
  }

  /** All bytes in one array; only for payloads of at most 64 MiB. */
  public byte[] toByteArray() {
    if (length > 64L * 1024 * 1024) {
      throw new IllegalStateException("payload of " + length + " bytes is too big for an array;"
          + " stream it with writeTo/openStream and compare digest()");
    }
    byte[] all = new byte[(int) length];
    new Generator(seed).fill(all, 0, all.length);
    return all;
  }

  /** Byte count and SHA-256 of the whole payload (computed once, then cached). */
  public StreamDigest digest() {
    StreamDigest d = digest;
    if (d == null) {
      Sha256Sink sink = new Sha256Sink();
      try {
        writeTo(sink);
      } catch (IOException e) {
        throw new IllegalStateException("in-memory sink cannot fail", e);
      }
      d = sink.digest();
      digest = d;
    }
    return d;
  }

  /** SHA-256 of the whole payload as 64 lower-case hex digits. */
  public String sha256() {
    return digest().sha256Hex();
  }

  @Override
  public String toString() {
    return "Payload[seed=" + seed + ", length=" + length + " bytes]";
  }

  /** Sequential SplitMix64 byte generator. */
  private static final class Generator {
    private long state;
    private long word;
    private int wordBytesLeft;

    Generator(long seed) {
      this.state = seed;
    }

    void fill(byte[] b, int off, int len) {
      int i = off;
      int end = off + len;
      while (i < end && wordBytesLeft > 0) {
        b[i++] = (byte) word;
        word >>>= 8;
        wordBytesLeft--;
      }
      while (end - i >= 8) {
        long w = next();
        for (int k = 0; k < 8; k++) {
          b[i++] = (byte) w;
          w >>>= 8;
        }
      }
      if (i < end) {
        word = next();
        wordBytesLeft = 8;
        while (i < end) {
          b[i++] = (byte) word;
          word >>>= 8;
          wordBytesLeft--;
        }
      }
    }

    private long next() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
