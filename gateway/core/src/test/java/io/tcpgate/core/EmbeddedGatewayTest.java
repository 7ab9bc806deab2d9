package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.config.ConfigSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Vert.x of an embedded gateway is built as the launcher builds the gateway's. */
class EmbeddedGatewayTest {
  /**
   * A file is read by its path only, never looked up on the class path: Vert.x then keeps no file cache,
   * whose {@code vertx-cache-*} directory in {@code java.io.tmpdir} outlived every test JVM that ended
   * without closing it.
   */
  @Test
  void itsVertxReadsNoFileFromTheClassPathSoKeepsNoFileCache() throws Exception {
    String resource = ConfigSchema.class.getPackageName().replace('.', '/') + "/" + ConfigSchema.RESOURCE;
    assertThat(ConfigSchema.class.getClassLoader().getResource(resource)).as("a resource of the class path").isNotNull();
    assertThat(Files.exists(Path.of(resource))).as("a file of the working directory").isFalse();
    try (EmbeddedGateway gw = EmbeddedGateway.start("admin: { enabled: false }\nroutes: []\n")) {
      assertThat(gw.vertx().fileSystem().existsBlocking(resource)).as("the class path resource seen as a file").isFalse();
    }
  }
}
