package io.tcpgate.bench.jmh;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One chunk's round trip: the client writes {@code chunkBytes} and reads them back from an echo backend,
 * over one connection that lives for the whole fork. One op = one chunk there and back, so through the
 * gateway each op is one read and one write on each of its two sockets (the chunk crosses the gateway
 * twice, upstream and downstream). The client waits for each echo, so this is latency-bound: the
 * figure is dominated by wake-ups, and the gateway's share is {@code 1/ops(path) - 1/ops(direct)}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
  "-XX:+UseParallelGC", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
  "--add-opens=java.base/java.lang=ALL-UNNAMED",
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "-Dio.netty.tryReflectionSetAccessible=true"})
@Threads(1)
public class RelayRoundTripBenchmark {
  @Param({"direct", "relay", "passthrough", "latency0"})
  public String path;

  @Param({"1024", "16384"})
  public int chunkBytes;

  private Path target;
  private OutputStream out;
  private InputStream in;
  private byte[] chunk;
  private byte[] back;

  @Setup(Level.Trial)
  public void open() throws Exception {
    target = new Path(path, LoopbackBackend.Mode.ECHO);
    out = target.socket.getOutputStream();
    in = target.socket.getInputStream();
    chunk = new byte[chunkBytes];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i * 31 + 7);
    }
    back = new byte[chunkBytes];
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    target.close();
  }

  @Benchmark
  public int roundTrip() throws IOException {
    out.write(chunk);
    int got = 0;
    while (got < back.length) {
      int n = in.read(back, got, back.length - got);
      if (n < 0) {
        throw new EOFException("the " + path + " path closed after " + got + " of " + back.length + " bytes");
      }
      got += n;
    }
    return back[got - 1];
  }
}
