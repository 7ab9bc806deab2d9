package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.dist.testplugins.JarOnlyFactory;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher finds policies with ServiceLoader: the built-in ones, one in test code, one in a jar. */
class PluginDiscoveryTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SERVICES = "META-INF/services/" + PolicyFactory.class.getName();

  @Test
  void theLauncherFindsEveryBuiltInPolicy() {
    assertThat(PolicyRegistry.load().types()).contains("idle-timeout", "tcp-nodelay", "keep-alive", "half-close",
      "rst-translation", "connect-failure", "max-connections", "proxy-protocol");
  }

  @Test
  void aPluginThatLivesOnlyInTestCodeIsFoundConfiguredAndRun() throws Exception {
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy("type: test-close-on-accept, action: rst").yaml())) {
      Peers.connectExpectingReset(gw.address(OneRouteConfig.ROUTE), WAIT);
    }
  }

  @Test
  void aPluginJarOnTheClassPathIsPickedUpByCheck(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("my-policy.jar");
    String classFile = JarOnlyFactory.class.getName().replace('.', '/') + ".class";
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
         InputStream bytes = getClass().getClassLoader().getResourceAsStream(classFile)) {
      out.putNextEntry(new JarEntry(classFile));
      bytes.transferTo(out);
      out.putNextEntry(new JarEntry(SERVICES));
      out.write((JarOnlyFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, "admin: { enabled: false }\nroutes:\n  - { name: web, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:9\" ],"
      + " policies: [ { type: test-jar-only } ] }\n");

    assertThat(Console.run("check", "-c", config.toString()).err()).contains("unknown policy type 'test-jar-only'");
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader withJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
      Thread.currentThread().setContextClassLoader(withJar);
      Console c = Console.run("check", "-c", config.toString());
      assertThat(c.exitCode()).as(c.err()).isZero();
      assertThat(c.out()).contains("policies: test-jar-only");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
  }
}
