package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import io.tcpgate.spi.SocketOptions;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PortChecks;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pins what {@link SocketControl} relies on in Vert.x and Netty: the channel behind a NetSocket, taking
 * it over before any read, half-close both ways, reset, and per-socket options. A Vert.x upgrade that
 * changes any of it fails here.
 */
class SocketControlTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private Vertx vertx;

  private Channel acceptOne(boolean nativeTransport, ChannelInboundHandlerAdapter handler, Socket[] client) throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport));
    CompletableFuture<Channel> accepted = new CompletableFuture<>();
    NetServer server = vertx.createNetServer().connectHandler(s -> {
      Channel ch = SocketControl.takeOver(s, "test", handler, 64 * 1024);
      ch.config().setAutoRead(true);
      accepted.complete(ch);
    });
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client[0] = Peers.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), WAIT);
    return accepted.get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void takeOverEnablesHalfClosureAndSeesTheFinAfterTheBytesInOrder(boolean nativeTransport) throws Exception {
    StringBuilder seen = new StringBuilder();
    CompletableFuture<String> done = new CompletableFuture<>();
    Socket[] client = new Socket[1];
    Channel ch = acceptOne(nativeTransport, new ChannelInboundHandlerAdapter() {
      @Override
      public void channelRead(ChannelHandlerContext ctx, Object msg) {
        seen.append(((ByteBuf) msg).toString(StandardCharsets.US_ASCII));
        ReferenceCountUtil.release(msg);
      }

      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
          done.complete(seen + "|FIN");
        }
      }
    }, client);
    assertThat(ch.config().getOption(ChannelOption.ALLOW_HALF_CLOSURE)).isTrue();
    assertThat(ch.config().getOption(ChannelOption.AUTO_CLOSE)).isFalse();
    Peers.write(client[0], "abc".getBytes(StandardCharsets.US_ASCII), WAIT);
    Peers.sendFin(client[0]);
    assertThat(done.get(10, TimeUnit.SECONDS)).isEqualTo("abc|FIN");
    assertThat(ch.isActive()).as("a received FIN leaves the socket open for writing").isTrue();
    ch.eventLoop().submit(() -> {
      ch.writeAndFlush(Unpooled.wrappedBuffer("xyz".getBytes(StandardCharsets.US_ASCII)))
        .addListener(f -> SocketControl.shutdownOutput(ch));
    });
    assertThat(Peers.readToEof(client[0], WAIT)).isEqualTo("xyz".getBytes(StandardCharsets.US_ASCII));
  }

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void listenSpreadsClientsOverTheEventLoopsEachWithAContextOnItsLoopAndClosingItLeavesThemOpen(boolean nativeTransport) throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(nativeTransport).setEventLoopPoolSize(2));
    List<LegSocket> accepted = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    CountDownLatch contextsRan = new CountDownLatch(4);
    SocketControl.Listening server = SocketControl.listen(vertx, SocketAddress.inetSocketAddress(0, "127.0.0.1"), 16, (s, context) -> {
      if (!s.eventLoop().inEventLoop()) {
        problems.add("onAccept ran off the socket's event loop");
      }
      if (!s.isReadingPaused()) {
        problems.add("an accepted socket reads before it is taken over");
      }
      accepted.add(s);
      context.runOnContext(v -> {
        if (!s.eventLoop().inEventLoop()) {
          problems.add("the context runs off the socket's event loop");
        }
        contextsRan.countDown();
      });
    }, failure -> problems.add("accept failed: " + failure)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    int port = ((InetSocketAddress) server.localAddress()).getPort();
    Socket[] clients = new Socket[4];
    try {
      for (int i = 0; i < clients.length; i++) {
        clients[i] = Peers.connect(new InetSocketAddress("127.0.0.1", port), WAIT);
      }
      assertThat(contextsRan.await(10, TimeUnit.SECONDS)).as("every accepted socket reached onAccept").isTrue();
      assertThat(problems).isEmpty();
      assertThat(accepted.stream().map(LegSocket::eventLoop).distinct().count()).as("event loops used by 4 clients").isEqualTo(2);
      assertThat(accepted).allSatisfy(s -> assertThat(s.eventLoop().submit(() -> s.options().tcpNoDelay()).get()).isTrue());
      assertThat(accepted).as("socket kind").allSatisfy(s -> assertThat(s).isInstanceOf(nativeTransport ? EpollLegSocket.class : ChannelLegSocket.class));

      server.stopAccepting().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      LegSocket first = accepted.stream()
        .filter(s -> ((InetSocketAddress) s.remoteAddress()).getPort() == clients[0].getLocalPort()).findFirst().orElseThrow();
      first.eventLoop().submit(() -> {
        first.write(Unpooled.wrappedBuffer(new byte[] {42}));
        first.flush();
      });
      assertThat(Peers.readExactly(clients[0], 1, WAIT)).containsExactly(42);
      PortChecks.assertNotListening(new InetSocketAddress("127.0.0.1", port));
    } finally {
      for (Socket c : clients) {
        if (c != null) {
          c.close();
        }
      }
    }
  }

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void resetMakesThePeerSeeConnectionReset(boolean nativeTransport) throws Exception {
    Socket[] client = new Socket[1];
    Channel ch = acceptOne(nativeTransport, new ChannelInboundHandlerAdapter(), client);
    ch.eventLoop().submit(() -> SocketControl.reset(ch));
    Peers.expectReset(client[0], WAIT);
  }

  @ParameterizedTest(name = "native transport: {0}")
  @ValueSource(booleans = {false, true})
  void socketOptionsAreSetPerSocketAndReadBack(boolean nativeTransport) throws Exception {
    Socket[] client = new Socket[1];
    Channel ch = acceptOne(nativeTransport, new ChannelInboundHandlerAdapter(), client);
    AtomicReference<Object[]> read = new AtomicReference<>();
    ch.eventLoop().submit(() -> {
      SocketOptions o = SocketControl.options(ch);
      o.tcpNoDelay(false);
      boolean off = o.tcpNoDelay();
      o.tcpNoDelay(true);
      boolean timings = o.keepAlive(true, 30, 5, 4);
      read.set(new Object[] {off, o.tcpNoDelay(), o.keepAlive(), timings, o.keepAliveTimings()});
    }).get(10, TimeUnit.SECONDS);
    Object[] r = read.get();
    assertThat(r[0]).isEqualTo(false);
    assertThat(r[1]).isEqualTo(true);
    assertThat(r[2]).isEqualTo(true);
    if (nativeTransport && vertx.isNativeTransportEnabled()) {
      assertThat(r[3]).isEqualTo(true);
      assertThat((int[]) r[4]).containsExactly(30, 5, 4);
    } else {
      assertThat(r[3]).as("NIO cannot set keep-alive timings").isEqualTo(false);
      assertThat(r[4]).isNull();
    }
    assertThat(SocketControl.quickAck(ch, true)).isEqualTo(nativeTransport && vertx.isNativeTransportEnabled());
  }
}
