package io.tcpgate.core.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.route.RouteRuntime;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Side;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Properties;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The relay's own per-chunk work for one upstream chunk, without sockets: what
 * {@code RelayConnection.relay} and {@code onReadComplete} do with a chunk the client socket read. The
 * chunk is a pooled direct buffer (as a native read gives), the backend socket is an
 * {@link EmbeddedChannel} whose pipeline drops every write, and one op is one read batch of one chunk:
 * relay it, then flush. It sits in the relay's package because {@link PolicyChain}, {@link Leg} and
 * {@link RelayConnection#write} are package-private; the {@link RelayConnection} is real, built on a
 * real {@link RouteRuntime} (so the route's policies are opened by the same code as in the gateway),
 * but never started: its legs get the embedded channels instead of Vert.x sockets.
 *
 * <p>{@code chain}: {@code none} (the fast path: the chunk is written as read), {@code passthrough} (one
 * data-touching policy that passes the chunk on), {@code passthrough-x3} (three of them), {@code
 * latency0} (the latency toxic with latency 0: the chunk goes out from a 0 ms timer, run right after
 * the read batch).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {
  "-XX:+UseParallelGC", "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
  "--add-opens=java.base/java.lang=ALL-UNNAMED",
  "--add-opens=java.base/java.nio=ALL-UNNAMED",
  "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
  "-Dio.netty.tryReflectionSetAccessible=true"})
public class PolicyChainBenchmark {
  @Param({"none", "passthrough", "passthrough-x3", "latency0"})
  public String chain;

  @Param({"1024", "16384"})
  public int chunkBytes;

  private Vertx vertx;
  private EmbeddedChannel clientChannel;
  private EmbeddedChannel backendChannel;
  private RelayConnection connection;
  private PolicyChain policies;
  private Leg client;
  private Leg backend;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

  /** Drops what is written to the backend socket, as a socket that always takes everything would. */
  private static final class DropWrites extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
    }
  }

  /** Stands where the relay's handler stands: its context is the leg's {@code ctx}. */
  private static final class RelayPlace extends ChannelInboundHandlerAdapter {
  }

  @Setup(Level.Trial)
  public void open() throws Exception {
    GatewayConfig config = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties())
      .parse(new JsonObject(config(chain)), "policy chain benchmark");
    vertx = Vertx.vertx();
    RouteRuntime route = new RouteRuntime(vertx, config.routes().get(0));
    connection = new RelayConnection(1, route, null);
    clientChannel = new EmbeddedChannel(new RelayPlace());
    backendChannel = new EmbeddedChannel(new DropWrites(), new RelayPlace());
    client = attach(connection.leg(Side.CLIENT), clientChannel);
    backend = attach(connection.leg(Side.BACKEND), backendChannel);
    policies = new PolicyChain(connection, route.openPolicies(connection));
    int expected = chain.equals("none") ? 0 : chain.equals("passthrough-x3") ? 3 : 1;
    if (policies.policies().size() != expected || policies.touchesData(Direction.UPSTREAM) != (expected > 0)) {
      throw new IllegalStateException("chain '" + chain + "' opened as " + policies.policies());
    }
  }

  private static Leg attach(Leg leg, EmbeddedChannel channel) {
    ChannelHandler place = channel.pipeline().last();
    leg.attached(new ChannelLegSocket(channel, channel.pipeline().context(place)));
    return leg;
  }

  static String config(String chain) {
    String policies;
    String toxics = "[]";
    String pass = "{ \"type\": \"bench-passthrough\", \"stream\": \"upstream\" }";
    switch (chain) {
      case "none":
        policies = "[]";
        break;
      case "passthrough":
        policies = "[" + pass + "]";
        break;
      case "passthrough-x3":
        policies = "[" + pass + ", " + pass + ", " + pass + "]";
        break;
      case "latency0":
        policies = "[]";
        toxics = "[ { \"name\": \"lat0\", \"type\": \"latency\", \"stream\": \"upstream\","
          + " \"attributes\": { \"latency\": 0, \"jitter\": 0 } } ]";
        break;
      default:
        throw new IllegalArgumentException("unknown chain '" + chain + "'");
    }
    return "{ \"admin\": { \"enabled\": false }, \"routes\": [ { \"name\": \"bench\", \"listen\": \"127.0.0.1:0\","
      + " \"backends\": [ \"127.0.0.1:9\" ], \"policies\": " + policies + ", \"toxics\": " + toxics + " } ] }";
  }

  @TearDown(Level.Trial)
  public void close() throws Exception {
    clientChannel.finishAndReleaseAll();
    backendChannel.finishAndReleaseAll();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** One read batch of one upstream chunk, as the relay handles it; returns the bytes written so far. */
  @Benchmark
  public long chunk() {
    ByteBuf buf = alloc.directBuffer(chunkBytes, chunkBytes);
    buf.writerIndex(chunkBytes); // contents are of no matter to the relay
    // RelayConnection.onRead / relay
    client.reading = true;
    if (policies.touchesData(Direction.UPSTREAM)) {
      policies.onData(Direction.UPSTREAM, buf);
    } else {
      connection.write(backend, buf);
    }
    // RelayConnection.onReadComplete
    client.reading = false;
    if (backend.needsFlush) {
      backend.needsFlush = false;
      backend.flush();
    }
    // timers due now (the latency toxic's 0 ms timer)
    clientChannel.runScheduledPendingTasks();
    return backend.bytesWritten;
  }
}
