package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.DataSink;
import io.vertx.core.buffer.Buffer;

/**
 * How many more bytes of a stream may pass; the chunk that reaches the limit is cut at it. Shared by
 * the toxics that act after N bytes ({@code limit_data}, {@code rst_after}).
 */
final class ByteBudget {
  private long limit;
  private long remaining;

  /** @param bytes bytes allowed; {@link Long#MAX_VALUE} for no limit */
  ByteBudget(long bytes) {
    this.limit = bytes;
    this.remaining = bytes;
  }

  /** A new limit for the whole stream: what already passed counts against it. */
  void changeLimit(long bytes) {
    remaining = bytes - (limit - remaining);
    limit = bytes;
  }

  long limit() {
    return limit;
  }

  /** Bytes passed so far. */
  long passed() {
    return limit - remaining;
  }

  boolean exhausted() {
    return remaining <= 0;
  }

  /**
   * Passes on as much of {@code chunk} as the budget allows (nothing once it is spent).
   *
   * @return true when this chunk spent the last of the budget
   */
  boolean pass(Buffer chunk, DataSink next) {
    if (remaining <= 0) {
      return false;
    }
    if (chunk.length() < remaining) {
      remaining -= chunk.length();
      next.emit(chunk);
      return false;
    }
    next.emit(chunk.length() == remaining ? chunk : chunk.slice(0, (int) remaining));
    remaining = 0;
    return true;
  }
}
