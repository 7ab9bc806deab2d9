package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What the launcher runs with: the whole class path (built-in plugins included) is free of Kotlin. */
class DependencyPolicyTest {
  @Test
  void noKotlinJarIsOnTheClassPath() {
    String[] entries = System.getProperty("java.class.path").split(File.pathSeparator);
    assertThat(entries).hasSizeGreaterThan(20);
    assertThat(Arrays.stream(entries).map(e -> new File(e).getName().toLowerCase(Locale.ROOT)))
      .noneMatch(name -> name.contains("kotlin"));
  }
}
