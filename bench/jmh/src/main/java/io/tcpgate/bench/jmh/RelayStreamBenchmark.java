package io.tcpgate.bench.jmh;

import java.io.IOException;
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
 * Bulk one-way throughput: the client writes {@code chunkBytes} chunks back to back into a sink backend
 * that discards them, over one connection that lives for the whole fork. One op = one chunk written; a
 * blocking write returns once the bytes fit the socket's send buffer, so in steady state the rate is
 * that of the slowest stage (here, on 2 cores, the gateway's event loop or the CPU it shares). The
 * gateway reads what the kernel has (up to its read size, 16-64 KiB), so its own chunks need not match
 * the client's: ns per op is ns per client chunk moved, all costs included.
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
public class RelayStreamBenchmark {
  @Param({"direct", "relay", "passthrough", "latency0"})
  public String path;

  /**
   * 16 KiB by default: with small chunks the client's own write calls are the bottleneck and the
   * kernel coalesces them before the gateway reads, so the paths can no longer be told apart.
   */
  @Param({"16384"})
  public int chunkBytes;

  private Path target;
  private OutputStream out;
  private byte[] chunk;

  @Setup(Level.Trial)
  public void open() throws Exception {
    target = new Path(path, LoopbackBackend.Mode.SINK);
    out = target.socket.getOutputStream();
    chunk = new byte[chunkBytes];
    for (int i = 0; i < chunk.length; i++) {
      chunk[i] = (byte) (i * 31 + 7);
    }
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    target.close();
  }

  @Benchmark
  public void write() throws IOException {
    out.write(chunk);
  }
}
