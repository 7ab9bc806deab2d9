package io.tcpgate.core.reload;

import static io.tcpgate.core.reload.ReloadOrderTest.doc;
import static io.tcpgate.core.reload.ReloadOrderTest.echoesVia;
import static io.tcpgate.core.reload.ReloadOrderTest.reload;
import static io.tcpgate.core.reload.ReloadOrderTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A route of the file that a reload cannot make listen is not ready, named with its address, and tried again until it listens. */
class ReloadNotListeningTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aRouteAddedOnATakenAddressIsNotReadyAndListensOnceTheAddressIsFree() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(withAdmin(doc(route("a", "127.0.0.1:0", one))))) {
      Gateway g = gw.gateway();
      ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      int port = taken.getLocalPort();
      try (taken) {
        ReloadResult r = reload(gw, withAdmin(doc(route("a", "127.0.0.1:0", one), route("n", "127.0.0.1:" + port, two))));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("route 'n'").contains("127.0.0.1:" + port));
        HttpResponse<String> ready = admin(g, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("route 'n'").contains("127.0.0.1:" + port);
      }
      Await.until("n to listen once its address is free (tried again every 1-30 s)", WAIT,
        () -> g.route("n") != null && g.route("n").enabled());
      echoesVia(port, two);
      Await.until("ready once every route listens", WAIT, () -> status(g) == 200);
    }
  }

  @Test
  void aRouteMovedToATakenAddressGetsItsOtherChangesKeepsItsOldAddressAndMovesOnceTheNewOneIsFree() throws Exception {
    try (EchoServer one = new EchoServer(); EchoServer two = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(withAdmin(doc(route("a", "127.0.0.1:0", one))))) {
      Gateway g = gw.gateway();
      int old = g.route("a").boundAddress().port();
      ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
      int port = taken.getLocalPort();
      try (taken) {
        ReloadResult r = reload(gw, withAdmin(doc(route("a", "127.0.0.1:" + port, two))));
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("route 'a'").contains("127.0.0.1:" + port));
        echoesVia(old, two); // the new backend, on the address it still listens on
        HttpResponse<String> ready = admin(g, "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("route 'a'").contains("127.0.0.1:" + port);
      }
      Await.until("a to move once its new address is free", WAIT, () -> g.route("a").boundAddress().port() == port);
      echoesVia(port, two);
      Await.until("ready once every route listens where the file says", WAIT, () -> status(g) == 200);
    }
  }

  static JsonObject withAdmin(JsonObject doc) {
    return doc.put("admin", new JsonObject().put("host", "127.0.0.1").put("port", 0));
  }

  static int status(Gateway g) {
    try {
      return admin(g, "/health/ready").statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  static HttpResponse<String> admin(Gateway g, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
      URI.create("http://127.0.0.1:" + g.adminPort() + path)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
  }
}
