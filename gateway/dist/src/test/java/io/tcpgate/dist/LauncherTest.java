package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's commands, exit codes and messages, run in-process. */
class LauncherTest {
  @TempDir
  Path dir;

  private static InProcess.Result run(String... args) {
    return InProcess.run(args);
  }

  @Test
  void checkAcceptsTheDefaultConfigShippedInConf() {
    Path conf = Path.of("../../conf/tcpgate.yaml");
    InProcess.Result r = run("check", "-c", conf.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("valid, 1 route(s)").contains("echo: 127.0.0.1:7000");
  }

  @Test
  void checkRejectsABadFileWithExitCodeTwoAndNamedErrors() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "routes:\n  - name: web\n    listen: 127.0.0.1:99999\n    backends: []\n");
    InProcess.Result r = run("check", "-c", bad.toString());
    assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(r.err()).contains("bad.yaml: route 'web': field 'listen': port must be from 0 to 65535, got 99999")
      .contains("bad.yaml: route 'web': field 'backends': empty");
  }

  @Test
  void checkRejectsAnEmptyAdminHostAsRunWould() throws Exception {
    Path bad = dir.resolve("host.yaml");
    Files.writeString(bad, "admin: { host: \"\", port: 0 }\nroutes: []\n");
    InProcess.Result r = run("check", "-c", bad.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(r.err()).contains("host.yaml: admin: field 'host': expected a host name or IP address, got an empty value");
  }

  @Test
  void checkValidatesTheOneLineFormWithItsPolicies() {
    InProcess.Result ok = run("check", "--listen", "127.0.0.1:7000", "--backend", "127.0.0.1:6379", "--backend", "127.0.0.1:6380");
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("cli: 127.0.0.1:7000 -> [127.0.0.1:6379, 127.0.0.1:6380]");
    InProcess.Result bad = run("check", "--listen", "127.0.0.1:7000", "--backend", "127.0.0.1:6379", "--policy", "no-such:x=1");
    assertThat(bad.code()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(bad.err()).contains("command line: route 'cli': field 'policies[0].type': unknown policy type 'no-such'");
    InProcess.Result noBackend = run("check", "--listen", "127.0.0.1:7000");
    assertThat(noBackend.code()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(noBackend.err()).contains("--listen needs at least one --backend");
  }

  @Test
  void optionsOfTheOneLineFormAreRefusedWithAFileOrWithoutListen() throws Exception {
    Path ok = dir.resolve("ok.yaml");
    Files.writeString(ok, "admin: { enabled: false }\nroutes:\n  - { name: web, listen: \"127.0.0.1:0\", backends: [ \"127.0.0.1:1\" ] }\n");
    String[][] options = {{"--admin", "127.0.0.1:0"}, {"--balance", "least-connections"}, {"--connect-timeout", "2s"}};
    for (String command : new String[] {"check", "run"}) {
      for (String[] o : options) {
        InProcess.Result withFile = run(command, "-c", ok.toString(), o[0], o[1]);
        assertThat(withFile.code()).as(command + " -c " + o[0] + ": " + withFile.err()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(withFile.err()).contains("use either -c FILE or --listen");
        InProcess.Result alone = run(command, o[0], o[1]);
        assertThat(alone.code()).as(command + " " + o[0] + ": " + alone.err()).isEqualTo(Main.EXIT_CONFIG);
        assertThat(alone.err()).contains(o[0]).contains("need --listen HOST:PORT");
      }
    }
  }

  @Test
  void checkRejectsAPolicyTypeGivenTwice() throws Exception {
    Path bad = dir.resolve("twice.yaml");
    Files.writeString(bad, "routes:\n  - name: web\n    listen: 127.0.0.1:0\n    backends: [ \"127.0.0.1:1\" ]\n"
      + "    policies:\n      - { type: connect-failure, action: fin }\n      - { type: connect-failure, action: rst }\n");
    InProcess.Result r = run("check", "-c", bad.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(r.err()).contains("twice.yaml: route 'web': field 'policies[1].type': 'connect-failure' is already policies[0]");
    InProcess.Result cli = run("check", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:1", "--policy", "tcp-nodelay", "--policy", "tcp-nodelay");
    assertThat(cli.code()).as(cli.err()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(cli.err()).contains("command line: route 'cli': field 'policies[1].type': 'tcp-nodelay' is already policies[0]");
  }

  @Test
  void checkNamesADurationTooLongOnTheCommandLine() {
    InProcess.Result r = run("check", "--listen", "127.0.0.1:0", "--backend", "127.0.0.1:1", "--connect-timeout", "10000000000000000",
      "--policy", "idle-timeout:timeout=10000000000000000");
    assertThat(r.code()).as(r.err()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(r.err()).contains("command line: route 'cli': field 'connect-timeout': must be at most 8760h (365 days)")
      .contains("command line: route 'cli': field 'policies[0].timeout': policy 'idle-timeout': must be at most 8760h (365 days)")
      .doesNotContain("Exception");
  }

  @Test
  void runWithAPortInUseExitsOneNamingTheRouteAndAddress() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InProcess.Result r = run("run", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--backend", "127.0.0.1:1");
      assertThat(r.code()).isEqualTo(Main.EXIT_START);
      assertThat(r.err()).contains("route 'cli': cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void runWithAnInvalidFileExitsTwoBeforeListening() throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{ \"routes\": [ { \"name\": \"x\", \"listen\": \"127.0.0.1:0\", \"backends\": [\"nohost\"] } ] }");
    InProcess.Result r = run("run", "-c", bad.toString());
    assertThat(r.code()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(r.err()).contains("bad.json: route 'x': field 'backends[0]'");
  }

  @Test
  void selftestRelaysThroughAGatewayOfItsOwnAndPasses() {
    InProcess.Result r = run("selftest", "--bytes", "3000000");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).containsPattern("selftest passed in \\d+ ms: 3000000 bytes each way through route 127\\.0\\.0\\.1:\\d+ on \\w+, "
      + "every byte in order, FIN relayed, admin /health UP");
    InProcess.Result bad = run("selftest", "--bytes", "0");
    assertThat(bad.code()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(bad.err()).contains("selftest: --bytes must be at least 1, got 0");
  }

  @Test
  void versionAndHelpWork() {
    assertThat(run("--version").out()).startsWith("tcpgate ");
    InProcess.Result help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("run").contains("check");
    assertThat(run("run", "--help").out()).contains("--listen").contains("--backend").contains("--policy").contains("--config");
    assertThat(run("frobnicate").code()).isEqualTo(Main.EXIT_CONFIG);
    InProcess.Result schema = run("schema");
    assertThat(schema.code()).isZero();
    assertThat(new JsonObject(schema.out()).getString("title")).isEqualTo("tcpgate configuration");
  }
}
