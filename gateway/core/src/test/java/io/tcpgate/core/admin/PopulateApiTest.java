package io.tcpgate.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code POST /populate} refuses a bad entry naming which one, as Toxiproxy does, and changes nothing. */
class PopulateApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aBadEntryIsNamedByItsPlaceInTheList() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      String good = "{\"name\":\"a\",\"upstream\":\"127.0.0.1:1\"}";
      // Toxiproxy's words for a missing field of a populate's entry
      assertError(call(admin, "[" + good + ",{\"name\":\"b\"}]"), "missing required field: upstream at proxy 2");
      assertError(call(admin, "[" + good + ",{\"upstream\":\"127.0.0.1:1\"}]"), "missing required field: name at proxy 2");
      assertError(call(admin, "[" + good + "," + good.replace("\"a\"", "\"b\"") + ",{\"name\":\"c\",\"upstream\":\"127.0.0.1:1\",\"enabled\":\"no\"}]"),
        "bad request body: field 'enabled' must be a boolean at proxy 3");
      assertError(call(admin, "[" + good + ",{\"name\":\"b\",\"upstream\":\"nohost\"}]"), "at proxy 2");
      assertError(call(admin, "[" + good + ",7]"), "at proxy 2");
      assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/proxies")).timeout(WAIT).build(),
        HttpResponse.BodyHandlers.ofString()).body()).as("nothing applied").isEqualTo("{}");
    }
  }

  private static void assertError(HttpResponse<String> r, String says) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonObject error = new JsonObject(r.body());
    assertThat(error.getInteger("status")).isEqualTo(400);
    assertThat(error.getString("error")).endsWith(says);
  }

  private HttpResponse<String> call(int port, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/populate")).timeout(WAIT)
      .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
