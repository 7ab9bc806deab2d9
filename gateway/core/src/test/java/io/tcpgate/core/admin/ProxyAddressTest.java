package io.tcpgate.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A proxy's {@code listen} and {@code upstream} are addresses as the config file has them: ports in ASCII digits, IP
 * addresses valid; anything else is a 400 naming the field.
 */
class ProxyAddressTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aPortWithASignOrOtherDigitsIsRefused() throws Exception {
    // '+0' and the Arabic-Indic digit zero were read as port 0 (Integer.parseInt takes both)
    refusedWithNothingCreated(new String[][] {{"listen", "127.0.0.1:+0"}, {"listen", "127.0.0.1:\u0660"}, {"upstream", "127.0.0.1:+1"},
      {"upstream", "127.0.0.1:\u0661"}});
  }

  /** A host of digits and dots that is no IPv4 address was taken as a name, and so were brackets holding no IPv6 address. */
  @Test
  void anIpAddressThatIsNotOneIsRefused() throws Exception {
    refusedWithNothingCreated(new String[][] {{"listen", "999.1.1.1:0"}, {"listen", "[1:2:3:4:5:6:7:8:9]:0"}, {"upstream", "127.1:1"},
      {"upstream", "[::1::2]:1"}});
  }

  /** Each {field, value} in a create is a 400 naming the field and the value, and no proxy is made. */
  private void refusedWithNothingCreated(String[][] cases) throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      for (String[] bad : cases) {
        JsonObject body = new JsonObject().put("name", "p").put("upstream", "127.0.0.1:1").put(bad[0], bad[1]);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/proxies")).timeout(WAIT)
          .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(body.encode() + ": " + r.body()).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("error")).startsWith("bad request body: " + bad[0] + ": ").contains(bad[1]);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/proxies")).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString()).body()).as("nothing created").isEqualTo("{}");
      }
    }
  }

  /**
   * A unix socket path holding a NUL was bound at the part before it (the socket API ends a path there),
   * and a delete then removed another file than the one bound, leaving a socket file behind.
   */
  @Test
  void aUnixPathWithANulIsRefused() throws Exception {
    Path dir = Files.createTempDirectory("tcpgate-unix");
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      String listen = "unix:" + dir.resolve("a") + "\u0000b";
      JsonObject body = new JsonObject().put("name", "p").put("upstream", "127.0.0.1:1").put("listen", listen);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/proxies")).timeout(WAIT)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("error")).startsWith("bad request body: listen: ");
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.toList()).as("nothing bound").isEmpty();
      }
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
