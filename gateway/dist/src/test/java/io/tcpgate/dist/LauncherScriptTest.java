package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script {@code ./tcpgate} itself, run by bash from a copy beside a stand-in distribution:
 * a {@code java} first on the PATH records its arguments in a file, then runs {@link Main} on this
 * test's class path with the arguments after it.
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("../../tcpgate").toAbsolutePath().normalize();

  @TempDir
  Path dir;
  private Path home;
  private Path archive;
  private Path calls;

  @BeforeEach
  void layOut() throws Exception {
    home = dir.resolve("home");
    Path dist = Files.createDirectories(home.resolve("gateway/dist/target/lib"));
    Files.copy(SCRIPT, home.resolve("tcpgate"));
    Files.writeString(dist.getParent().resolve("tcpgate.jar"), "");
    archive = dist.getParent().resolve("tcpgate.jsa");
    Files.writeString(archive, "an archive made before");
    calls = dir.resolve("java-calls");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/usr/bin/env bash\n"
      + "printf '%s\\n' \"$*\" >> '" + calls + "'\n"
      + "args=(\"$@\")\n"
      + "for i in \"${!args[@]}\"; do [[ ${args[$i]} == io.tcpgate.dist.Main ]] && main=$i; done\n"
      + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp \"$TEST_CLASS_PATH\" io.tcpgate.dist.Main "
      + "\"${args[@]:main+1}\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private record Result(int code, String out, List<String> javaCalls) {
  }

  private Result launch(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", home.resolve("tcpgate").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().put("TEST_CLASS_PATH", System.getProperty("java.class.path"));
    pb.environment().remove("JAVA_OPTS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
    List<String> javaCalls = Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    return new Result(p.exitValue(), out, javaCalls);
  }

  @Test
  void theHelpListsCds() throws Exception {
    Result help = launch("--help");
    assertThat(help.code()).as(help.out()).isZero();
    assertThat(help.out()).containsPattern("(?m)^  cds +Make a class-data archive");
  }

  @Test
  void cdsWithHelpPrintsItsHelpAndMakesNoArchive() throws Exception {
    Result cdsHelp = launch("cds", "--help");
    assertThat(cdsHelp.code()).as(cdsHelp.out()).isZero();
    assertThat(cdsHelp.out()).contains("Usage: tcpgate cds").contains("tcpgate.jsa").contains("./tcpgate cds");
    assertThat(cdsHelp.javaCalls()).hasSize(1);
    assertThat(cdsHelp.javaCalls().get(0)).endsWith("io.tcpgate.dist.Main cds --help").doesNotContain("ArchiveClassesAtExit");
    assertThat(archive).as("the archive made before is left alone").hasContent("an archive made before");

    Result wrong = launch("cds", "--bytes", "1");
    assertThat(wrong.code()).as(wrong.out()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(wrong.out()).contains("Unknown options: '--bytes', '1'");
    assertThat(archive).hasContent("an archive made before");
  }
}
