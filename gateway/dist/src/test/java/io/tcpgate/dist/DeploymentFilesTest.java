package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.config.Address;
import io.tcpgate.core.config.AdminConfig;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.core.config.RouteConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Everything docker-compose.yml and the Dockerfile refer to exists and is valid: config files (with each
 * service's environment applied), mounted paths, environment variables, published ports, build inputs.
 * No Docker engine is needed; CI also runs {@code docker-compose config}.
 */
class DeploymentFilesTest {
  private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
  /** Variables read by the logging configuration rather than the config loader. */
  private static final Set<String> LOGGING_VARIABLES = Set.of("TCPGATE_LOG_LEVEL", "TCPGATE_ACCESS_LOG");
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> services() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    return (Map<String, Map<String, Object>>) compose.get("services");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(Map<String, Object> service) {
    Object env = service.get("environment");
    return env == null ? Map.of() : (Map<String, String>) env;
  }

  private static GatewayConfig load(Path file, Map<String, String> env) throws Exception {
    return new ConfigLoader(PolicyRegistry.load(), env, new Properties()).load(vertx, file)
      .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The host file behind a container path, through the service's volumes. */
  @SuppressWarnings("unchecked")
  private static Path hostPath(Map<String, Object> service, String containerPath) {
    for (String volume : (List<String>) service.getOrDefault("volumes", List.of())) {
      String[] parts = volume.split(":");
      if (containerPath.startsWith(parts[1] + "/")) {
        return ROOT.resolve(parts[0]).resolve(containerPath.substring(parts[1].length() + 1)).normalize();
      }
    }
    throw new AssertionError("no volume of the service holds " + containerPath);
  }

  @Test
  @SuppressWarnings("unchecked")
  void everyServiceOfTheComposeFileRefersToValidConfigsVariablesAndPorts() throws Exception {
    Set<String> known = new HashSet<>(ConfigLoader.environmentVariables());
    known.addAll(LOGGING_VARIABLES);
    int gateways = 0;
    for (Map.Entry<String, Map<String, Object>> e : services().entrySet()) {
      Map<String, Object> service = e.getValue();
      for (String volume : (List<String>) service.getOrDefault("volumes", List.of())) {
        assertThat(ROOT.resolve(volume.split(":")[0])).as("service %s mounts %s", e.getKey(), volume).exists();
      }
      if (!"tcpgate:latest".equals(service.get("image"))) {
        continue;
      }
      gateways++;
      assertThat(environment(service).keySet()).as("variables of service %s", e.getKey()).isSubsetOf(known);
      List<String> command = (List<String>) service.get("command");
      int c = command.indexOf("-c");
      assertThat(c).as("service %s names its config with -c", e.getKey()).isPositive();
      Path config = hostPath(service, command.get(c + 1));
      GatewayConfig gc = load(config, environment(service));
      Set<Integer> listening = new HashSet<>();
      gc.routes().stream().map(RouteConfig::listen).forEach(a -> listening.add(a.port()));
      gc.builtinBackends().forEach(b -> listening.add(b.listen().port()));
      if (gc.admin().enabled()) {
        listening.add(gc.admin().port());
        assertThat(gc.admin().host()).as("admin API of %s must be reachable from outside its container", e.getKey()).isEqualTo("0.0.0.0");
      }
      for (Object p : (List<Object>) service.getOrDefault("ports", List.of())) {
        String[] parts = String.valueOf(p).split(":");
        assertThat(listening).as("service %s publishes %s", e.getKey(), p).contains(Integer.parseInt(parts[parts.length - 1]));
      }
    }
    assertThat(gateways).as("tcpgate services").isGreaterThanOrEqualTo(3);
  }

  @Test
  void theDockerfileCopiesWhatExistsAndRunsTheLauncher() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+)").matcher(dockerfile);
    int copies = 0;
    while (copy.find()) {
      assertThat(ROOT.resolve(copy.group(1))).as("COPY source").exists();
      copies++;
    }
    assertThat(copies).isGreaterThanOrEqualTo(3);
    assertThat(dockerfile).contains("\"" + Main.class.getName() + "\"");
    Matcher config = Pattern.compile("ENV TCPGATE_CONFIG=/etc/tcpgate/(\\S+)").matcher(dockerfile);
    assertThat(config.find()).isTrue();
    assertThat(load(ROOT.resolve("conf").resolve(config.group(1)), Map.of()).routes()).isNotEmpty();
    assertThat(dockerfile).contains("TCPGATE_ADMIN_PORT:-" + AdminConfig.DEFAULT_PORT).contains("/health");
    assertTheClassDataArchiveIsMadeAsItIsUsed(dockerfile);
    for (Matcher from = Pattern.compile("--from=build (/src/\\S+)").matcher(dockerfile); from.find(); ) {
      String built = from.group(1).replace("/src/", "");
      assertThat(built).as("built artifact").startsWith("gateway/dist/target/");
    }
  }

  /**
   * The Dockerfile's {@code docker run} example: each port it publishes is one the image's config, with the
   * example's variables applied, listens on at every address of the container (a listener on 127.0.0.1
   * there is out of reach of a published port).
   */
  @Test
  void theDockerfilesRunExampleReachesEveryPortItPublishes() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    Matcher run = Pattern.compile("(?m)^#\\s+docker run (.*) tcpgate$").matcher(dockerfile);
    assertThat(run.find()).as("a docker run example").isTrue();
    Map<String, String> env = new HashMap<>();
    List<Integer> published = new ArrayList<>();
    String[] words = run.group(1).trim().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      if (words[i].equals("-e")) {
        String[] kv = words[++i].split("=", 2);
        env.put(kv[0], kv[1]);
      } else if (words[i].equals("-p")) {
        String[] ports = words[++i].split(":");
        published.add(Integer.parseInt(ports[ports.length - 1]));
      }
    }
    assertThat(published).isNotEmpty();
    Matcher config = Pattern.compile("ENV TCPGATE_CONFIG=/etc/tcpgate/(\\S+)").matcher(dockerfile);
    assertThat(config.find()).isTrue();
    GatewayConfig gc = load(ROOT.resolve("conf").resolve(config.group(1)), env);
    Map<Integer, String> hosts = new HashMap<>();
    gc.routes().forEach(r -> hosts.put(r.listen().port(), r.listen().isWildcard() ? "0.0.0.0" : String.valueOf(r.listen().host())));
    gc.builtinBackends().forEach(b -> hosts.put(b.listen().port(), b.listen().isWildcard() ? "0.0.0.0" : String.valueOf(b.listen().host())));
    if (gc.admin().enabled()) {
      hosts.put(gc.admin().port(), Address.parse(gc.admin().host() + ":" + gc.admin().port(), true).isWildcard() ? "0.0.0.0" : gc.admin().host());
    }
    for (int port : published) {
      assertThat(hosts.get(port)).as("what the image listens on at published port %d (%s)", port, hosts).isEqualTo("0.0.0.0");
    }
  }

  /**
   * The image's class-data archive: made by a self-test run with the ENTRYPOINT's JVM flags and class
   * path (the JVM ignores an archive made otherwise) and used by the ENTRYPOINT.
   */
  private static void assertTheClassDataArchiveIsMadeAsItIsUsed(String dockerfile) {
    List<String> training = execForm(dockerfile, "RUN \\[\"java\"");
    List<String> entry = execForm(dockerfile, "ENTRYPOINT \\[");
    String made = training.stream().filter(a -> a.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
    String archive = made.substring(made.indexOf('=') + 1);
    assertThat(entry).contains("-XX:SharedArchiveFile=" + archive);
    assertThat(training.subList(training.indexOf("io.tcpgate.dist.Main") + 1, training.size())).startsWith("selftest");
    assertThat(training.subList(0, training.indexOf("io.tcpgate.dist.Main") + 1).stream().filter(a -> !a.equals(made)).toList())
      .as("the training run's JVM flags and class path").isEqualTo(entry.stream().filter(a -> !a.startsWith("-XX:SharedArchiveFile=")).toList());
  }

  /** The arguments of the exec-form instruction (a JSON array, over continued lines) that {@code start} finds. */
  private static List<String> execForm(String dockerfile, String start) {
    Matcher m = Pattern.compile("(?m)^" + start).matcher(dockerfile);
    assertThat(m.find()).as("instruction %s", start).isTrue();
    int open = dockerfile.indexOf('[', m.start());
    String array = dockerfile.substring(open, dockerfile.indexOf(']', open) + 1).replace("\\\n", "");
    return new JsonArray(array).stream().map(String::valueOf).toList();
  }
}
