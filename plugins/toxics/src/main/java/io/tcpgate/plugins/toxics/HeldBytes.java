package io.tcpgate.plugins.toxics;

import io.vertx.core.buffer.Buffer;

/**
 * Bytes a {@link TimedQueue} holds, passed on from {@code from} on in slices (or whole): the next is due
 * at {@code dueNanos}, each later one {@code spacingNanos} after the one before. A slice is a view of
 * the held copy, cut out only when it is due.
 */
final class HeldBytes {
  /** Where the slices of held bytes end, drawn as each slice is due. */
  interface Cut {
    /** The end of the next slice, which starts at the end given before (the first at 0); the last ends at the length. */
    int nextEnd();
  }

  private final Buffer bytes;
  private final Cut cut;
  final long spacingNanos;
  long dueNanos;
  private int from;

  /** {@code cut} null: passed on whole. */
  HeldBytes(Buffer bytes, Cut cut, long spacingNanos, long dueNanos) {
    this.bytes = bytes;
    this.cut = cut;
    this.spacingNanos = spacingNanos;
    this.dueNanos = dueNanos;
  }

  int length() {
    return bytes.length();
  }

  /** The next slice (the rest, when held whole); the one after it is due {@code spacingNanos} later. */
  Buffer nextSlice() {
    int end = cut == null ? bytes.length() : cut.nextEnd();
    Buffer slice = from == 0 && end == bytes.length() ? bytes : bytes.slice(from, end);
    from = end;
    dueNanos += spacingNanos;
    return slice;
  }

  /** Whether every byte was passed on. */
  boolean passedOn() {
    return from == bytes.length();
  }

  /** The bytes not passed on yet. */
  Buffer rest() {
    return from == 0 ? bytes : bytes.slice(from, bytes.length());
  }
}
