package io.tcpgate.plugins.proxyprotocol;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.reload.ConfigWatcher;
import io.tcpgate.core.state.RuntimeState;
import io.tcpgate.core.state.Toxic;
import io.tcpgate.spi.Direction;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.ScriptedBackend;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * proxy-protocol on a real gateway: the backend reads the header, then the client's bytes in order, and
 * answers; the header comes first also before bytes sent while the connect was held; bad settings are
 * refused at start and on reload; a policy added to a live connection sends nothing.
 */
class ProxyProtocolGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A client bound to 127.0.0.2, so that the source in the header is not the gateway's own address. */
  private static Socket clientFromOtherAddress(EmbeddedGateway gw) throws IOException {
    Socket client = new Socket();
    try {
      client.bind(new InetSocketAddress("127.0.0.2", 0));
      client.connect(gw.address(ROUTE), (int) WAIT.toMillis());
      return client;
    } catch (IOException e) {
      client.close();
      throw e;
    }
  }

  /** The version 1 line the gateway should send for {@code client}, from the client socket's own view. */
  private static byte[] v1Line(Socket client) {
    return ("PROXY TCP4 " + client.getLocalAddress().getHostAddress() + " " + client.getInetAddress().getHostAddress()
      + " " + client.getLocalPort() + " " + client.getPort() + "\r\n").getBytes(US_ASCII);
  }

  /** The version 2 header the gateway should send for {@code client}, laid out here from the spec. */
  private static byte[] v2Header(Socket client) {
    return ByteBuffer.allocate(28)
      .put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A})
      .put((byte) 0x21).put((byte) 0x11).putShort((short) 12)
      .put(client.getLocalAddress().getAddress()).put(client.getInetAddress().getAddress())
      .putShort((short) client.getLocalPort()).putShort((short) client.getPort())
      .array();
  }

  /** The backend's socket of connection {@code index}, once accepted. */
  private static Socket backendSide(ScriptedBackend backend, int index) throws InterruptedException {
    backend.awaitConnections(index + 1, WAIT);
    return backend.acceptedSockets().get(index);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
  }

  private static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(US_ASCII));
  }

  private static String read(Socket socket, int n) throws IOException {
    return new String(Peers.readExactly(socket, n, WAIT), US_ASCII);
  }

  /** Reads from the backend's socket exactly {@code header}, then the client's {@code sent}. */
  private static void expectHeaderThen(Socket server, byte[] header, String sent) throws IOException {
    byte[] expected = concat(header, sent.getBytes(US_ASCII));
    assertThat(Peers.readExactly(server, expected.length, WAIT)).isEqualTo(expected);
  }

  /**
   * Through a gateway with {@code policy}: the backend reads the header {@code expectedHeader} makes of the
   * client's socket, then the client's bytes; its reply reaches the client; later bytes get no header.
   */
  private static void headerThenBytesBothWays(String policy, Function<Socket, byte[]> expectedHeader) throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(policy).yaml());
         Socket client = clientFromOtherAddress(gw)) {
      send(client, "hello");
      Socket server = backendSide(backend, 0);
      expectHeaderThen(server, expectedHeader.apply(client), "hello");
      send(server, "world");
      assertThat(read(client, 5)).isEqualTo("world");
      send(client, "again");
      assertThat(read(server, 5)).as("no second header").isEqualTo("again");
      assertThat(gw.gateway().route(ROUTE).runtime().stats().bytes(Direction.UPSTREAM))
        .as("the header is not counted as relayed").isEqualTo(10);
    }
  }

  @Test
  void versionOneSendsTheClientsAddressLineBeforeItsBytesOnceAndTheReplyFlowsBack() throws Exception {
    headerThenBytesBothWays("type: proxy-protocol", ProxyProtocolGatewayTest::v1Line);
  }

  @Test
  void versionTwoSendsTheBinaryHeaderBeforeTheClientsBytesAndTheReplyFlowsBack() throws Exception {
    headerThenBytesBothWays("type: proxy-protocol, version: 2", ProxyProtocolGatewayTest::v2Header);
  }

  @Test
  void aBackendThatSpeaksFirstGetsTheHeaderWhileTheClientHasSentNothing() throws Exception {
    // server-first protocols (SMTP, MySQL, …) wait for the header before their greeting
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy("type: proxy-protocol").yaml());
         Socket client = clientFromOtherAddress(gw)) {
      Socket server = backendSide(backend, 0);
      byte[] header = v1Line(client);
      assertThat(Peers.readExactly(server, header.length, WAIT)).isEqualTo(header);
      send(server, "220 ready\r\n");
      assertThat(read(client, 11)).isEqualTo("220 ready\r\n");
    }
  }

  @Test
  void theHeaderGoesBeforeBytesAndTheFinTheClientSentWhileTheConnectWasHeld() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy("type: proxy-protocol").yaml())) {
      RuntimeState state = gw.gateway().runtimeState();
      await(state.addToxic(ROUTE, new Toxic("hold", "connect_delay", new JsonObject().put("attributes", new JsonObject().put("delay", 60_000)))));
      try (Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
        send(client, "early");
        Peers.sendFin(client);
        Await.until("the gateway to take the client and hold its connect", WAIT,
          () -> gw.gateway().route(ROUTE).runtime().stats().live() == 1);
        assertThat(backend.acceptedCount()).as("the client sent its bytes and FIN before any backend connect").isZero();
        await(state.removeToxic(ROUTE, "hold"));
        Socket server = backendSide(backend, 0);
        assertThat(Peers.readToEof(server, WAIT)).as("the header, the bytes, then EOF")
          .isEqualTo(concat(v1Line(client), "early".getBytes(US_ASCII)));
      }
    }
  }

  @Test
  void aPolicyAddedToALiveConnectionSendsItNoHeaderAndNewConnectionsGetOne() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).yaml());
         Socket live = Peers.connect(gw.address(ROUTE), WAIT)) {
      send(live, "one");
      Socket liveServer = backendSide(backend, 0);
      assertThat(read(liveServer, 3)).isEqualTo("one");
      await(gw.gateway().runtimeState().addToxic(ROUTE, new Toxic("pp", "proxy-protocol", new JsonObject().put("version", 2))));
      send(live, "two");
      assertThat(read(liveServer, 3)).as("the live connection's next bytes, with no header before them").isEqualTo("two");
      try (Socket fresh = Peers.connect(gw.address(ROUTE), WAIT)) {
        send(fresh, "new");
        expectHeaderThen(backendSide(backend, 1), v2Header(fresh), "new");
      }
    }
  }

  @Test
  void aPolicyAddedWhileTheBackendConnectIsHeldSendsThatConnectionNoHeader() throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen());
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).yaml())) {
      RuntimeState state = gw.gateway().runtimeState();
      await(state.addToxic(ROUTE, new Toxic("hold", "connect_delay", new JsonObject().put("attributes", new JsonObject().put("delay", 60_000)))));
      try (Socket client = Peers.connect(gw.address(ROUTE), WAIT)) {
        send(client, "early");
        Await.until("the gateway to take the client and hold its connect", WAIT,
          () -> gw.gateway().route(ROUTE).runtime().stats().live() == 1);
        await(state.addToxic(ROUTE, new Toxic("pp", "proxy-protocol", new JsonObject().put("version", 2))));
        await(state.removeToxic(ROUTE, "hold"));
        Socket server = backendSide(backend, 0);
        assertThat(read(server, 5)).as("the client's bytes, with no header before them").isEqualTo("early");
        send(client, "later");
        assertThat(read(server, 5)).isEqualTo("later");
      }
    }
  }

  @Test
  void aBadVersionIsRefusedAtStartNamingTheRouteTheFieldAndTheValue() {
    String yaml = OneRouteConfig.to(new InetSocketAddress("127.0.0.1", 9)).policy("type: proxy-protocol, version: 3").yaml();
    assertThatThrownBy(() -> EmbeddedGateway.start(yaml)).isInstanceOf(ConfigException.class)
      .hasMessageContaining("route 'test': field 'policies[0].version': policy 'proxy-protocol': expected 1 (text) or 2 (binary), got 3");
  }

  @Test
  void aReloadWithABadVersionKeepsTheRunningConfigAndAGoodOneAppliesToNewConnectionsOnly(@TempDir Path dir) throws Exception {
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.holdOpen())) {
      Path file = Files.writeString(dir.resolve("tcpgate.yaml"), OneRouteConfig.to(backend.address()).policy("type: proxy-protocol").yaml());
      ConfigLoader loader = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties());
      try (EmbeddedGateway gw = EmbeddedGateway.start(Files.readString(file));
           ConfigWatcher watcher = new ConfigWatcher(gw.gateway(), loader, file).start(0);
           Socket before = Peers.connect(gw.address(ROUTE), WAIT)) {
        send(before, "a");
        Socket beforeServer = backendSide(backend, 0);
        expectHeaderThen(beforeServer, v1Line(before), "a");

        Files.writeString(file, OneRouteConfig.to(backend.address()).policy("type: proxy-protocol, version: 3").yaml());
        await(watcher.check());
        assertThat(gw.gateway().reloadStatus().error()).contains(file + ": route 'test': field 'policies[0].version': "
          + "policy 'proxy-protocol': expected 1 (text) or 2 (binary), got 3");
        try (Socket during = Peers.connect(gw.address(ROUTE), WAIT)) {
          send(during, "b");
          expectHeaderThen(backendSide(backend, 1), v1Line(during), "b"); // the running config stays
        }

        Files.writeString(file, OneRouteConfig.to(backend.address()).policy("type: proxy-protocol, version: 2").yaml());
        await(watcher.check());
        assertThat(gw.gateway().reloadStatus().error()).isNull();
        try (Socket after = Peers.connect(gw.address(ROUTE), WAIT)) {
          send(after, "c");
          expectHeaderThen(backendSide(backend, 2), v2Header(after), "c");
        }
        send(before, "d");
        assertThat(read(beforeServer, 1)).as("the live connection goes on, with no new header").isEqualTo("d");
      }
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }
}
