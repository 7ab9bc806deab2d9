package io.tcpgate.plugins.toxics;

import java.util.Arrays;
import java.util.Random;

/**
 * The slice ends of one held piece of bytes, drawn only as its slices are due: the piece is halved,
 * each cut moved by up to {@code variation} bytes, until a part is at most {@code average + variation}
 * bytes. The parts come in order, and the random draws in the order of cutting the whole piece at once.
 * Holds the ends still to be cut, about log2(length) ints, not one entry per slice.
 */
final class SliceCut implements HeldBytes.Cut {
  private final int largest;
  private final int variation;
  private final Random random;
  /** Ends of the parts not cut yet, the next on top. */
  private int[] pendingEnds = new int[32];
  private int pending;
  /** Where the next slice starts: the end returned last. */
  private int start;

  SliceCut(int length, int average, int variation, Random random) {
    this.largest = average + variation;
    this.variation = variation;
    this.random = random;
    pendingEnds[pending++] = length;
  }

  @Override
  public int nextEnd() {
    int end = pendingEnds[--pending];
    while (end - start > largest) {
      push(end);
      int shift = variation == 0 ? 0 : random.nextInt(-variation, variation + 1);
      end = start + (end - start) / 2 + shift;
    }
    start = end;
    return end;
  }

  private void push(int end) {
    if (pending == pendingEnds.length) {
      pendingEnds = Arrays.copyOf(pendingEnds, pending * 2);
    }
    pendingEnds[pending++] = end;
  }
}
