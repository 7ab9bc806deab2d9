package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.DataSink;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/** What a toxic passes on: bytes in order, each emit's size, and whether the FIN came. */
final class Recorder implements DataSink {
  final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  final List<Integer> emits = new ArrayList<>();
  boolean ended;

  @Override
  public void emit(Buffer chunk) {
    if (ended) {
      throw new AssertionError("bytes emitted after the FIN");
    }
    bytes.writeBytes(chunk.getBytes());
    emits.add(chunk.length());
  }

  @Override
  public void end() {
    ended = true;
  }

  int size() {
    return bytes.size();
  }
}
