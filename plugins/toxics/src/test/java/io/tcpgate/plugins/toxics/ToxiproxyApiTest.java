package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.Peers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Toxiproxy v2 API answers the real Toxiproxy Java client, and errors answer like Toxiproxy. */
class ToxiproxyApiTest {

  @Test
  void theJavaClientCreatesListsUpdatesAndRemovesProxiesAndEveryToxic() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      assertThat(p.getListen()).startsWith("127.0.0.1:").doesNotEndWith(":0");
      assertThat(gw.client.getProxies()).extracting(Proxy::getName).containsExactly("echo");
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100).setJitter(5);
      p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 500);
      p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 100, 1000).setSizeVariation(10);
      p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 100);
      p.toxics().timeout("to", ToxicDirection.UPSTREAM, 1000);
      p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
      p.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 1000).setToxicity(0.5f);
      assertThat(p.toxics().getAll()).hasSize(7);
      Latency lat = p.toxics().get("lat", Latency.class);
      assertThat(lat.getLatency()).isEqualTo(100);
      assertThat(lat.getJitter()).isEqualTo(5);
      assertThat(p.toxics().get("rp").getToxicity()).isEqualTo(0.5f);
      JsonObject whole = new JsonObject(gw.call("GET", "/proxies/echo/toxics/lat", null).body())
        .put("attributes", new JsonObject().put("latency", 120));
      assertThat(gw.call("PATCH", "/proxies/echo/toxics/lat", whole.encode()).statusCode()).as("an update repeating name, type and stream")
        .isEqualTo(200);
      assertThat(p.toxics().get("lat", Latency.class).getLatency()).isEqualTo(120);
      assertThat(p.toxics().get("lat", Latency.class).getJitter()).isEqualTo(5);
      p.toxics().get("bw").remove();
      assertThat(p.toxics().getAll()).hasSize(6);
      gw.client.reset();
      assertThat(p.toxics().getAll()).isEmpty();
      p.disable();
      assertThat(gw.client.getProxy("echo").isEnabled()).isFalse();
      gw.client.reset();
      assertThat(gw.client.getProxy("echo").isEnabled()).isTrue();
      p.delete();
      assertThat(gw.client.getProxies()).isEmpty();
      assertThat(gw.client.version()).contains("version");
    }
  }

  @Test
  void populateCreatesProxiesAndAnswers201WithThem() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      String up = "127.0.0.1:" + gw.echo.port();
      HttpResponse<String> r = gw.call("POST", "/populate", new JsonArray()
        .add(new JsonObject().put("name", "a").put("listen", "127.0.0.1:0").put("upstream", up))
        .add(new JsonObject().put("name", "b").put("listen", "127.0.0.1:0").put("upstream", up).put("enabled", false)).encode());
      assertThat(r.statusCode()).isEqualTo(201);
      JsonArray proxies = new JsonObject(r.body()).getJsonArray("proxies");
      assertThat(proxies).hasSize(2);
      assertThat(proxies.getJsonObject(1).getBoolean("enabled")).isFalse();
      assertThat(gw.client.getProxies()).extracting(Proxy::getName).containsExactlyInAnyOrder("a", "b");
    }
  }

  @Test
  void populateKeepsAnUnchangedProxyWithItsToxicsAndMovesAChangedOne() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("a");
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5);
      String body = new JsonArray().add(new JsonObject().put("name", "a").put("listen", p.getListen())
        .put("upstream", p.getUpstream())).encode();
      assertThat(gw.call("POST", "/populate", body).statusCode()).isEqualTo(201);
      assertThat(gw.client.getProxy("a").toxics().getAll()).hasSize(1);
      String before = p.getListen();
      p.setListen("127.0.0.1:0");
      String moved = gw.client.getProxy("a").getListen();
      assertThat(moved).isNotEqualTo(before).startsWith("127.0.0.1:");
      try (Socket s = gw.connect(gw.client.getProxy("a"))) {
        Peers.write(s, new byte[] {4}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(4);
      }
    }
  }

  @Test
  void populateReplacesAChangedProxyByOneWithoutToxicsWhileAnUpdateKeepsThem() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest(); EchoServer other = new EchoServer()) {
      Proxy p = gw.echoProxy("a");
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5);
      p.setUpstream("127.0.0.1:" + other.port()); // an update of the same proxy (POST /proxies/a)
      assertThat(gw.client.getProxy("a").getUpstream()).isEqualTo("127.0.0.1:" + other.port());
      assertThat(gw.client.getProxy("a").toxics().getAll()).as("an updated proxy keeps its toxics").hasSize(1);
      String body = new JsonArray().add(new JsonObject().put("name", "a").put("listen", "127.0.0.1:0")
        .put("upstream", "127.0.0.1:" + gw.echo.port())).encode();
      HttpResponse<String> r = gw.call("POST", "/populate", body);
      assertThat(r.statusCode()).isEqualTo(201);
      JsonObject replaced = new JsonObject(r.body()).getJsonArray("proxies").getJsonObject(0);
      assertThat(replaced.getString("upstream")).isEqualTo("127.0.0.1:" + gw.echo.port());
      assertThat(replaced.getJsonArray("toxics")).as("the replaced proxy's toxics").isEmpty();
      assertThat(gw.client.getProxy("a").toxics().getAll()).isEmpty();
      try (Socket s = gw.connect(gw.client.getProxy("a"))) {
        Peers.write(s, new byte[] {7}, GatewayUnderTest.WAIT);
        assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(7);
      }
    }
  }

  @Test
  void populateKeepsAnUnchangedProxyOnAWildcardAddressAndAFileRouteSentBackAsShown() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = free.getLocalPort();
    }
    String routes = "node-address: 127.0.0.1\nroutes:\n  - name: file\n    listen: 127.0.0.1:0\n    backends: [ ECHO, 127.0.0.1:1 ]\n";
    try (GatewayUnderTest gw = new GatewayUnderTest(routes)) {
      String up = "127.0.0.1:" + gw.echo.port();
      JsonObject wild = new JsonObject().put("name", "w").put("listen", "0.0.0.0:" + port).put("upstream", up);
      assertThat(gw.call("POST", "/proxies", wild.encode()).statusCode()).isEqualTo(201);
      gw.client.getProxy("w").toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5);
      JsonObject file = new JsonObject(gw.call("GET", "/proxies/file", null).body());
      String body = new JsonArray().add(wild)
        .add(new JsonObject().put("name", "file").put("listen", file.getString("listen")).put("upstream", file.getString("upstream"))).encode();
      HttpResponse<String> r = gw.call("POST", "/populate", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(gw.client.getProxy("w").toxics().getAll()).as("kept, toxics and all").hasSize(1);
      assertThat(gw.client.getProxy("w").getListen()).isEqualTo("127.0.0.1:" + port);
    }
  }

  @Test
  void aToxicFieldGivenAsNullIsTakenAsAbsent() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      gw.echoProxy("a");
      HttpResponse<String> created = gw.call("POST", "/proxies/a/toxics",
        "{\"name\":\"lat\",\"type\":\"latency\",\"toxicity\":null,\"stream\":null,\"attributes\":{\"latency\":5}}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      assertThat(new JsonObject(created.body()).getDouble("toxicity")).as("the default").isEqualTo(1.0);
      assertThat(new JsonObject(created.body()).getString("stream")).isEqualTo("downstream");
      assertThat(gw.call("POST", "/proxies/a/toxics/lat", "{\"toxicity\":0.5}").statusCode()).isEqualTo(200);
      HttpResponse<String> updated = gw.call("POST", "/proxies/a/toxics/lat", "{\"toxicity\":null,\"stream\":null,\"attributes\":{\"latency\":7}}");
      assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
      JsonObject now = new JsonObject(gw.call("GET", "/proxies/a/toxics/lat", null).body());
      assertThat(now.getDouble("toxicity")).as("left as it was").isEqualTo(0.5);
      assertThat(now.getJsonObject("attributes").getInteger("latency")).isEqualTo(7);
      HttpResponse<String> attributeNull = gw.call("POST", "/proxies/a/toxics/lat", "{\"attributes\":{\"latency\":null,\"jitter\":3}}");
      assertThat(attributeNull.statusCode()).as(attributeNull.body()).isEqualTo(200);
      JsonObject after = new JsonObject(gw.call("GET", "/proxies/a/toxics/lat", null).body()).getJsonObject("attributes");
      assertThat(after.getValue("latency")).as("an attribute given as null is left as it was").isEqualTo(7);
      assertThat(after.getValue("jitter")).isEqualTo(3);
      HttpResponse<String> createdNull = gw.call("POST", "/proxies/a/toxics",
        "{\"name\":\"sl\",\"type\":\"slicer\",\"attributes\":{\"average_size\":null,\"delay\":5}}");
      assertThat(createdNull.statusCode()).as(createdNull.body()).isEqualTo(200);
      JsonObject slicer = new JsonObject(gw.call("GET", "/proxies/a/toxics/sl", null).body()).getJsonObject("attributes");
      assertThat(slicer.getValue("average_size")).as("an attribute given as null on create takes its default").isEqualTo(1);
      assertThat(slicer.getValue("delay")).isEqualTo(5);
    }
  }

  @Test
  void aPopulateThatFailsChangesNothing() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest();
         java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"));
         io.tcpgate.testkit.EchoServer other = new io.tcpgate.testkit.EchoServer()) {
      Proxy a = gw.echoProxy("a");
      a.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5);
      String before = gw.call("GET", "/proxies", null).body();
      String up = "127.0.0.1:" + gw.echo.port();
      String busy = "127.0.0.1:" + taken.getLocalPort();
      JsonObject b = new JsonObject().put("name", "b").put("listen", "127.0.0.1:0").put("upstream", up);
      JsonObject aMoved = new JsonObject().put("name", "a").put("listen", "127.0.0.1:0").put("upstream", "127.0.0.1:" + other.port());
      JsonObject loop = new JsonObject().put("name", "c").put("listen", busy).put("upstream", busy);
      JsonObject cannotListen = new JsonObject().put("name", "d").put("listen", busy).put("upstream", up);
      assertThat(gw.call("POST", "/populate", new JsonArray().add(b).add(aMoved).add(loop).encode()).statusCode())
        .as("an invalid entry").isEqualTo(400);
      assertThat(gw.call("GET", "/proxies", null).body()).isEqualTo(before);
      assertThat(gw.call("POST", "/populate", new JsonArray().add(b).add(b).encode()).statusCode()).as("a name twice").isEqualTo(400);
      assertThat(gw.call("GET", "/proxies", null).body()).isEqualTo(before);
      HttpResponse<String> r = gw.call("POST", "/populate", new JsonArray().add(b).add(aMoved).add(cannotListen).encode());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
      assertThat(new JsonObject(r.body()).getString("error")).contains(busy);
      JsonObject now = new JsonObject(gw.call("GET", "/proxies", null).body());
      assertThat(now.fieldNames()).as("b undone").containsExactly("a");
      assertThat(now.getJsonObject("a").getString("upstream")).as("a put back").isEqualTo(up);
      assertThat(now.getJsonObject("a").getJsonArray("toxics")).as("with its toxic").hasSize(1);
      assertThat(now.getJsonObject("a").getString("listen")).isEqualTo(a.getListen());
    }
  }

  @Test
  void aProxyChangeThisNodeCannotApplyIsUndone() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest();
         java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      Proxy p = gw.echoProxy("m");
      String before = p.getListen();
      HttpResponse<String> r = gw.call("PATCH", "/proxies/m", new JsonObject().put("listen", "127.0.0.1:" + taken.getLocalPort()).encode());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
      assertThat(new JsonObject(r.body()).getString("error")).contains("127.0.0.1:" + taken.getLocalPort());
      JsonObject now = new JsonObject(gw.call("GET", "/proxies/m", null).body());
      assertThat(now.getString("listen")).as("the old address, as before the call").isEqualTo(before);
      assertThat(now.containsKey("error")).isFalse();
      assertThat(gw.call("GET", "/health/ready", null).statusCode()).isEqualTo(200);
      try (java.net.Socket s = gw.connect(gw.client.getProxy("m"))) {
        io.tcpgate.testkit.Peers.write(s, new byte[] {9}, GatewayUnderTest.WAIT);
        assertThat(io.tcpgate.testkit.Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(9);
      }
    }
  }

  @Test
  void aFailedProxyChangeLeavesItsLiveConnectionsAlone() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest();
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Proxy p = gw.echoProxy("m");
      try (Socket live = gw.connect(p)) {
        echoes(live, 1);
        String busy = "127.0.0.1:" + taken.getLocalPort();
        HttpResponse<String> r = gw.call("PATCH", "/proxies/m", new JsonObject().put("listen", busy).put("enabled", false).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        JsonObject now = new JsonObject(gw.call("GET", "/proxies/m", null).body());
        assertThat(now.getBoolean("enabled")).isTrue();
        assertThat(now.getString("listen")).isEqualTo(p.getListen());
        echoes(live, 2);
        assertThat(new JsonArray(gw.call("GET", "/connections", null).body())).as("the live connection goes on").hasSize(1);
      }
    }
  }

  @Test
  void aFailedPopulateLeavesTheLiveConnectionsOfAProxyItWouldDisableAlone() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest();
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Proxy p = gw.echoProxy("a");
      try (Socket live = gw.connect(p)) {
        echoes(live, 1);
        String up = "127.0.0.1:" + gw.echo.port();
        JsonObject aDisabled = new JsonObject().put("name", "a").put("listen", p.getListen()).put("upstream", up).put("enabled", false);
        JsonObject cannotListen = new JsonObject().put("name", "d").put("listen", "127.0.0.1:" + taken.getLocalPort()).put("upstream", up);
        HttpResponse<String> r = gw.call("POST", "/populate", new JsonArray().add(aDisabled).add(cannotListen).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(gw.client.getProxy("a").isEnabled()).isTrue();
        echoes(live, 2);
        assertThat(new JsonArray(gw.call("GET", "/connections", null).body())).as("the live connection goes on").hasSize(1);
        HttpResponse<String> ok = gw.call("POST", "/populate", new JsonArray().add(aDisabled).encode());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        assertThat(new JsonObject(ok.body()).getJsonArray("proxies").getJsonObject(0).getBoolean("enabled")).isFalse();
        Peers.expectEof(live, GatewayUnderTest.WAIT);
      }
    }
  }

  /**
   * Toxiproxy decodes bodies with Go's json.Decoder, which ignores fields it does not know: a client
   * sends a proxy back whole ({@code proxy.update({...proxy, enabled: false})} adds the client's own
   * {@code api} and {@code toxiproxy}), and a populate takes what {@code GET /proxies} lists. The
   * fields it knows are still checked.
   */
  @Test
  void aProxyBodyWithFieldsToxiproxyDoesNotKnowIsTakenAsToxiproxyTakesIt() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      String up = "127.0.0.1:" + gw.echo.port();
      JsonObject clientObject = new JsonObject().put("api", new JsonObject())
        .put("toxiproxy", new JsonObject().put("api", new JsonObject()).put("host", "http://127.0.0.1:8474"));
      HttpResponse<String> created = gw.call("POST", "/proxies", clientObject.copy().put("name", "a").put("listen", "127.0.0.1:0")
        .put("upstream", up).encode());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      gw.client.getProxy("a").toxics().latency("lat", ToxicDirection.DOWNSTREAM, 5);
      JsonObject shown = new JsonObject(gw.call("GET", "/proxies/a", null).body());
      HttpResponse<String> disabled = gw.call("POST", "/proxies/a", shown.copy().mergeIn(clientObject).put("enabled", false).encode());
      assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
      assertThat(new JsonObject(disabled.body()).getBoolean("enabled")).isFalse();
      assertThat(new JsonObject(disabled.body()).getString("listen")).isEqualTo(shown.getString("listen"));
      HttpResponse<String> enabled = gw.call("PATCH", "/proxies/a", shown.copy().put("enabled", true).encode());
      assertThat(enabled.statusCode()).as(enabled.body()).isEqualTo(200);
      JsonArray all = new JsonArray();
      new JsonObject(gw.call("GET", "/proxies", null).body()).forEach(e -> all.add(((JsonObject) e.getValue()).copy().mergeIn(clientObject)));
      HttpResponse<String> populated = gw.call("POST", "/populate", all.encode());
      assertThat(populated.statusCode()).as(populated.body()).isEqualTo(201);
      assertThat(gw.client.getProxy("a").toxics().getAll()).as("kept unchanged, toxics and all").hasSize(1);
      assertError(gw.call("PATCH", "/proxies/a", "{\"enabled\":\"no\",\"colour\":\"red\"}"), 400,
        "bad request body: field 'enabled' must be a boolean");
      assertError(gw.call("POST", "/populate", new JsonArray().add(clientObject.copy().put("name", "b")).encode()), 400,
        "missing required field: upstream at proxy 1");
      assertThat(gw.client.getProxy("a").isEnabled()).isTrue();
    }
  }

  /**
   * A toxic sent back whole ({@code toxic.update({...toxic, attributes: …})} adds the client's {@code api}
   * and {@code proxyPath}) is taken, unknown top-level fields ignored as Toxiproxy does; an unknown
   * attribute and a changed name, type or stream are still refused.
   */
  @Test
  void aToxicBodyWithFieldsToxiproxyDoesNotKnowIsTakenAsToxiproxyTakesIt() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      gw.echoProxy("a");
      JsonObject clientObject = new JsonObject().put("api", new JsonObject()).put("proxyPath", "http://127.0.0.1:8474/proxies/a");
      HttpResponse<String> created = gw.call("POST", "/proxies/a/toxics", clientObject.copy().put("name", "lat").put("type", "latency")
        .put("attributes", new JsonObject().put("latency", 10)).encode());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
      JsonObject shown = new JsonObject(created.body());
      assertThat(shown.containsKey("api")).as("an ignored field is not kept").isFalse();
      HttpResponse<String> updated = gw.call("POST", "/proxies/a/toxics/lat", shown.copy().mergeIn(clientObject)
        .put("attributes", new JsonObject().put("latency", 20)).encode());
      assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
      JsonObject now = new JsonObject(gw.call("GET", "/proxies/a/toxics/lat", null).body());
      assertThat(now.getJsonObject("attributes").getInteger("latency")).isEqualTo(20);
      assertThat(now.fieldNames()).doesNotContain("api", "proxyPath");
      HttpResponse<String> unknownAttribute = gw.call("POST", "/proxies/a/toxics/lat", "{\"attributes\":{\"latncy\":5}}");
      assertThat(unknownAttribute.statusCode()).as("an unknown attribute").isEqualTo(400);
      assertThat(new JsonObject(unknownAttribute.body()).getString("error")).contains("'latncy'");
      assertThat(gw.call("POST", "/proxies/a/toxics/lat", shown.copy().mergeIn(clientObject).put("stream", "upstream").encode()).statusCode())
        .as("another stream").isEqualTo(400);
      assertThat(gw.call("POST", "/proxies/a/toxics", clientObject.copy().put("type", "latency").put("attributes", new JsonObject().put("x", 1))
        .encode()).statusCode()).as("an unknown attribute on create").isEqualTo(400);
      assertThat(new JsonObject(gw.call("GET", "/proxies/a/toxics/lat", null).body())).isEqualTo(now);
    }
  }

  /** Toxiproxy lists a proxy's upstream toxics first, then its downstream ones, each in the order added. */
  @Test
  void toxicsAreListedUpstreamFirstThenDownstreamEachInTheOrderAdded() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      gw.echoProxy("a");
      gw.addToxic("a", "{\"name\":\"d1\",\"type\":\"latency\",\"stream\":\"downstream\"}");
      gw.addToxic("a", "{\"name\":\"u1\",\"type\":\"latency\",\"stream\":\"upstream\"}");
      gw.addToxic("a", "{\"name\":\"d2\",\"type\":\"bandwidth\"}");
      gw.addToxic("a", "{\"name\":\"u2\",\"type\":\"slicer\",\"stream\":\"upstream\"}");
      JsonArray listed = new JsonArray(gw.call("GET", "/proxies/a/toxics", null).body());
      assertThat(listed.stream().map(t -> ((JsonObject) t).getString("name")).toList()).containsExactly("u1", "u2", "d1", "d2");
      JsonArray inProxy = new JsonObject(gw.call("GET", "/proxies/a", null).body()).getJsonArray("toxics");
      assertThat(inProxy).isEqualTo(listed);
      JsonArray inList = new JsonObject(gw.call("GET", "/proxies", null).body()).getJsonObject("a").getJsonArray("toxics");
      assertThat(inList).isEqualTo(listed);
    }
  }

  /**
   * {@code listen} is the address bound, IP and port, as Toxiproxy reports {@code ln.Addr()}: a proxy asked
   * for {@code localhost:0} shows as {@code 127.0.0.1:PORT}, and a body sending that back does not move it.
   */
  @Test
  void listenIsReportedAsTheAddressBound() throws Exception {
    String routes = "routes:\n  - name: file\n    listen: localhost:0\n    backends: [ ECHO ]\n";
    try (GatewayUnderTest gw = new GatewayUnderTest(routes)) {
      String ip = java.net.InetAddress.getByName("localhost").getHostAddress();
      String up = "127.0.0.1:" + gw.echo.port();
      HttpResponse<String> created = gw.call("POST", "/proxies", new JsonObject().put("name", "a").put("listen", "localhost:0")
        .put("upstream", up).encode());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String listen = new JsonObject(created.body()).getString("listen");
      assertThat(listen).startsWith(ip + ":").doesNotEndWith(":0");
      assertThat(new JsonObject(gw.call("GET", "/proxies/a", null).body()).getString("listen")).isEqualTo(listen);
      assertThat(new JsonObject(gw.call("GET", "/proxies", null).body()).getJsonObject("a").getString("listen")).isEqualTo(listen);
      gw.client.getProxy("a").toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);
      try (Socket live = gw.connect(gw.client.getProxy("a"))) {
        echoes(live, 1);
        JsonObject shown = new JsonObject(gw.call("GET", "/proxies/a", null).body());
        HttpResponse<String> same = gw.call("POST", "/proxies/a", shown.encode());
        assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
        assertThat(new JsonObject(same.body()).getString("listen")).isEqualTo(listen);
        echoes(live, 2);
      }
      HttpResponse<String> off = gw.call("POST", "/proxies/a", new JsonObject().put("enabled", false).encode());
      assertThat(new JsonObject(off.body()).getString("listen")).as("disabled: where it listened").isEqualTo(listen);
      HttpResponse<String> on = gw.call("POST", "/proxies/a", new JsonObject().put("enabled", true).encode());
      assertThat(new JsonObject(on.body()).getString("listen")).isEqualTo(listen);
      HttpResponse<String> moved = gw.call("PATCH", "/proxies/a", new JsonObject().put("listen", "localhost:0").encode());
      assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
      String movedTo = new JsonObject(moved.body()).getString("listen");
      assertThat(movedTo).startsWith(ip + ":").isNotEqualTo(listen);
      try (Socket s = gw.connect(gw.client.getProxy("a"))) {
        echoes(s, 3);
      }
      JsonObject file = new JsonObject(gw.call("GET", "/proxies/file", null).body());
      assertThat(file.getString("listen")).startsWith(ip + ":");
      HttpResponse<String> back = gw.call("POST", "/populate", new JsonArray().add(file).add(new JsonObject(moved.body())).encode());
      assertThat(back.statusCode()).as("both sent back as shown: unchanged " + back.body()).isEqualTo(201);
      assertThat(gw.client.getProxy("a").toxics().getAll()).as("kept, toxics and all").hasSize(1);
      assertThat(gw.client.getProxy("a").getListen()).isEqualTo(movedTo);
    }
  }

  /** One byte through the echo proxy and back (an EOF fails it). */
  private static void echoes(Socket s, int b) throws Exception {
    Peers.write(s, new byte[] {(byte) b}, GatewayUnderTest.WAIT);
    assertThat(Peers.readExactly(s, 1, GatewayUnderTest.WAIT)).containsExactly(b);
  }

  @Test
  void routesFromTheConfigFileAppearAsProxiesWithTheirExtraFieldsAndToxics() throws Exception {
    String routes = "routes:\n  - name: file\n    listen: 127.0.0.1:0\n    backends: [ ECHO ]\n"
      + "    toxics:\n      - { name: slow, type: latency, attributes: { latency: 5 } }\n";
    try (GatewayUnderTest gw = new GatewayUnderTest(routes)) {
      Proxy p = gw.client.getProxy("file");
      assertThat(p.getUpstream()).isEqualTo("127.0.0.1:" + gw.echo.port());
      assertThat(p.toxics().getAll()).extracting(t -> t.getName()).containsExactly("slow");
      JsonObject raw = new JsonObject(gw.call("GET", "/proxies/file", null).body());
      assertThat(raw.getJsonArray("backends")).hasSize(1);
      // the file owns its routes and toxics: the API may switch them off and on, not change them
      assertThat(gw.call("DELETE", "/proxies/file", null).statusCode()).isEqualTo(409);
      assertThat(gw.call("DELETE", "/proxies/file/toxics/slow", null).statusCode()).isEqualTo(409);
      assertThat(gw.call("PATCH", "/proxies/file", new JsonObject().put("upstream", "127.0.0.1:1").encode()).statusCode()).isEqualTo(409);
      p.disable();
      assertThat(gw.client.getProxy("file").isEnabled()).isFalse();
      p.toxics().latency("extra", ToxicDirection.UPSTREAM, 1);
      gw.client.reset();
      Proxy after = gw.client.getProxy("file");
      assertThat(after.isEnabled()).as("reset enables").isTrue();
      assertThat(after.toxics().getAll()).as("reset removes run-time toxics, the file's stay").extracting(t -> t.getName()).containsExactly("slow");
      assertThat(after.getUpstream()).isEqualTo("127.0.0.1:" + gw.echo.port());
    }
  }

  @Test
  void errorsAnswerLikeToxiproxyAndLeaveTheStateUnchanged() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
      String up = "127.0.0.1:" + gw.echo.port();
      assertError(gw.call("GET", "/proxies/nope", null), 404, "proxy not found");
      assertError(gw.call("GET", "/proxies/echo/toxics/nope", null), 404, "toxic not found");
      assertError(gw.call("DELETE", "/proxies/echo/toxics/nope", null), 404, "toxic not found");
      assertError(gw.call("POST", "/proxies", new JsonObject().put("name", "echo").put("upstream", up).encode()), 409, "proxy already exists");
      assertError(gw.call("POST", "/proxies/echo/toxics", "{\"name\":\"lat\",\"type\":\"latency\"}"), 409, "toxic already exists");
      assertError(gw.call("POST", "/proxies/echo/toxics", "{\"name\":\"x\",\"type\":\"nope\"}"), 400, "invalid toxic type");
      assertError(gw.call("POST", "/proxies/echo/toxics", "{\"name\":\"x\",\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
        "stream was invalid, can be either upstream or downstream");
      assertThat(gw.call("POST", "/proxies/echo/toxics", "{\"name\":\"x\",\"type\":\"latency\",\"attributes\":{\"latency\":-5}}").statusCode()).isEqualTo(400);
      assertThat(gw.call("PATCH", "/proxies/echo/toxics/lat", "{\"attributes\":{\"latency\":\"soon\"}}").statusCode()).isEqualTo(400);
      assertError(gw.call("POST", "/proxies", "{\"name\":\"n\"}"), 400, "missing required field: upstream");
      assertThat(gw.call("POST", "/proxies", "{not json").statusCode()).isEqualTo(400);
      HttpResponse<String> loop = gw.call("POST", "/proxies", "{\"name\":\"self\",\"listen\":\"127.0.0.1:1\",\"upstream\":\"127.0.0.1:1\"}");
      assertThat(loop.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(loop.body()).getString("error")).as("names the route once, then the field")
        .isEqualTo("bad request body: runtime state: route 'self': field 'backends': its connections would come back to this gateway"
          + " without end: self -> self (a backend is a listen address of the routes named)");
      try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
        String busy = "127.0.0.1:" + taken.getLocalPort();
        HttpResponse<String> r = gw.call("POST", "/proxies", new JsonObject().put("name", "busy").put("listen", busy).put("upstream", up).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        assertThat(new JsonObject(r.body()).getString("error")).as("names the proxy and the address").contains("busy").contains(busy);
      }
      assertThat(gw.call("GET", "/proxies/busy", null).statusCode()).as("nothing half-made is kept").isEqualTo(404);
      assertThat(p.toxics().getAll()).hasSize(1);
      assertThat(p.toxics().get("lat", Latency.class).getLatency()).isEqualTo(10);
      assertThat(gw.client.getProxies()).hasSize(1);
      assertThatThrownBy(() -> gw.client.getProxy("nope")).hasMessageContaining("404");
    }
  }

  @Test
  void aToxicWithSeveralBadFieldsIsOne400NamingEachTheFirstFirst() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
      assertError(gw.call("POST", "/proxies/echo/toxics",
          "{\"name\":\"x\",\"type\":\"latency\",\"ttl\":-1,\"attributes\":{\"latency\":-5,\"jitter\":\"soon\"}}"), 400,
        "bad request body: ttl: expected a whole number of milliseconds, 0 or more (0: never), got -1\n"
          + "attributes.latency: expected a whole number from 0 to 86400000, got -5\n"
          + "attributes.jitter: expected a whole number from 0 to 86400000, got \"soon\"");
      assertError(gw.call("PATCH", "/proxies/echo/toxics/lat", "{\"match\":{\"every\":-1},\"attributes\":{\"latency\":\"soon\"}}"), 400,
        "bad request body: match.every: expected a whole number from 0 to 2147483647, got -1\n"
          + "attributes.latency: expected a whole number from 0 to 86400000, got \"soon\"");
      assertError(gw.call("POST", "/proxies/echo/toxics", "{\"name\":\"y\",\"type\":\"nope\",\"stream\":\"sideways\"}"), 400,
        "invalid toxic type\nstream: expected upstream or downstream, got \"sideways\"");
      assertThat(p.toxics().getAll()).extracting(t -> t.getName()).containsExactly("lat");
      assertThat(p.toxics().get("lat", Latency.class).getLatency()).isEqualTo(10);
    }
  }

  @Test
  void aDeleteAnswersOnceTheProxyStoppedListeningNotWhenItsConnectionsEnded() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      Proxy p = gw.echoProxy("echo");
      try (Socket s = gw.connect(p)) {
        Peers.write(s, new byte[] {1}, GatewayUnderTest.WAIT);
        Peers.readExactly(s, 1, GatewayUnderTest.WAIT);
        long t = System.nanoTime();
        assertThat(gw.call("DELETE", "/proxies/echo", null).statusCode()).isEqualTo(204);
        assertThat((System.nanoTime() - t) / 1_000_000).as("ms to answer; the client has not closed").isLessThan(700L);
        Peers.expectEof(s, GatewayUnderTest.WAIT); // the connection ends with FIN all the same
        assertThat(gw.call("GET", "/proxies/echo", null).statusCode()).isEqualTo(404);
      }
    }
  }

  @Test
  void twoPartialUpdatesOfOneToxicAtOnceBothHold() throws Exception {
    try (GatewayUnderTest gw = new GatewayUnderTest()) {
      gw.echoProxy("echo").toxics().latency("lat", ToxicDirection.DOWNSTREAM, 1);
      for (int round = 1; round <= 20; round++) {
        int latency = 100 + round;
        int jitter = round;
        CompletableFuture<HttpResponse<String>> a = CompletableFuture.supplyAsync(() -> gw.callUnchecked("POST", "/proxies/echo/toxics/lat",
          "{\"attributes\":{\"latency\":" + latency + "}}"));
        CompletableFuture<HttpResponse<String>> b = CompletableFuture.supplyAsync(() -> gw.callUnchecked("POST", "/proxies/echo/toxics/lat",
          "{\"attributes\":{\"jitter\":" + jitter + "}}"));
        assertThat(a.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(b.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        JsonObject attributes = new JsonObject(gw.call0("/proxies/echo/toxics/lat")).getJsonObject("attributes");
        assertThat(attributes.getInteger("latency")).as("round " + round).isEqualTo(latency);
        assertThat(attributes.getInteger("jitter")).as("round " + round).isEqualTo(jitter);
      }
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String error) {
    assertThat(r.statusCode()).isEqualTo(status);
    JsonObject body = new JsonObject(r.body());
    assertThat(body.getString("error")).isEqualTo(error);
    assertThat(body.getInteger("status")).isEqualTo(status);
  }
}
