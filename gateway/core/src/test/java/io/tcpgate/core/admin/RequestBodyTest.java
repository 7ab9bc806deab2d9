package io.tcpgate.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.EchoServer;
import io.vertx.core.json.JsonArray;
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

/** Every request body is read as JSON whatever its {@code Content-Type}, as Toxiproxy reads it. */
class RequestBodyTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** Where the web router's body handler stores a multipart upload by default (under the working directory). */
  private static final Path UPLOADS = Path.of("file-uploads");
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * {@code curl -d @proxies.json} sends {@code application/x-www-form-urlencoded}: a populate of a few
   * dozen proxies (over 1 KiB) is taken as any other, not refused as a form field too long (a bare
   * {@code 400 Bad Request} and a stack trace in the log).
   */
  @Test
  void aPopulateOverOneKibSentAsAFormIsReadAsJson() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      JsonArray proxies = new JsonArray();
      for (int i = 0; i < 20; i++) {
        proxies.add(new JsonObject().put("name", "p" + i).put("listen", "127.0.0.1:0").put("upstream", "127.0.0.1:" + echo.port()));
      }
      assertThat(proxies.encode().length()).isGreaterThan(1024);
      HttpResponse<String> r = call(gw.gateway().adminPort(), "POST", "/populate", "application/x-www-form-urlencoded", proxies.encode());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      assertThat(new JsonObject(r.body()).getJsonArray("proxies")).hasSize(20);
      assertThat(new JsonObject(call(gw.gateway().adminPort(), "GET", "/proxies", null, null).body()).fieldNames()).hasSize(20);
    }
  }

  /**
   * A multipart body is not JSON: a 400 {@code bad request body} that changes nothing, and nothing written to
   * disk (the body handler kept each part as a file under {@code file-uploads/}, never deleted).
   */
  @Test
  void aMultipartBodyIsABadRequestBodyAndNothingIsWrittenToDisk() throws Exception {
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      long before = uploads();
      String body = "--b\r\nContent-Disposition: form-data; name=\"proxy\"; filename=\"proxy.json\"\r\n"
        + "Content-Type: application/json\r\n\r\n{\"name\":\"p\",\"upstream\":\"127.0.0.1:1\"}\r\n--b--\r\n";
      HttpResponse<String> r = call(gw.gateway().adminPort(), "POST", "/proxies", "multipart/form-data; boundary=b", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(new JsonObject(r.body()).getString("error")).startsWith("bad request body: ");
      assertThat(uploads()).as("files under " + UPLOADS.toAbsolutePath()).isEqualTo(before);
      assertThat(call(gw.gateway().adminPort(), "GET", "/proxies", null, null).body()).isEqualTo("{}");
    }
  }

  /**
   * An empty body where one is read is a 400 {@code bad request body}, as in Toxiproxy (its JSON decoder
   * meets the end of the body): it was taken as {@code {}}, so an update without a body answered 200.
   */
  @Test
  void anEmptyBodyIsABadRequestBody() throws Exception {
    try (EchoServer echo = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start("admin: { host: 127.0.0.1, port: 0 }\nroutes: []\n")) {
      int admin = gw.gateway().adminPort();
      assertThat(call(admin, "POST", "/proxies", null, new JsonObject().put("name", "p").put("upstream", "127.0.0.1:" + echo.port()).encode())
        .statusCode()).isEqualTo(201);
      assertThat(call(admin, "POST", "/proxies/p/toxics", null, "{\"name\":\"slow\",\"type\":\"test-upcase\"}").statusCode()).isEqualTo(200);
      String before = call(admin, "GET", "/proxies", null, null).body();
      for (String[] request : new String[][] {{"POST", "/proxies"}, {"POST", "/populate"}, {"POST", "/proxies/p"}, {"PATCH", "/proxies/p"},
          {"POST", "/proxies/p/toxics"}, {"POST", "/proxies/p/toxics/slow"}, {"PATCH", "/proxies/p/toxics/slow"}}) {
        for (String empty : new String[] {null, "", " \n"}) {
          HttpResponse<String> r = call(admin, request[0], request[1], "application/json", empty);
          assertThat(r.statusCode()).as(request[0] + " " + request[1] + " with body " + empty + ": " + r.body()).isEqualTo(400);
          assertThat(new JsonObject(r.body()).getString("error")).as(request[0] + " " + request[1]).startsWith("bad request body: ");
        }
      }
      assertThat(call(admin, "GET", "/proxies", null, null).body()).isEqualTo(before);
    }
  }

  private static long uploads() throws Exception {
    if (!Files.isDirectory(UPLOADS)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(UPLOADS)) {
      return files.count();
    }
  }

  private HttpResponse<String> call(int port, String method, String path, String contentType, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(WAIT)
      .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
