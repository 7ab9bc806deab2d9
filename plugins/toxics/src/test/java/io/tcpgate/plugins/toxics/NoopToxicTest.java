package io.tcpgate.plugins.toxics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.tcpgate.testkit.PolicyChecks;
import org.junit.jupiter.api.Test;

class NoopToxicTest {
  private final NoopToxic factory = new NoopToxic();

  @Test
  void itTouchesNoDataSoItsConnectionsKeepTheFastPath() throws Exception {
    PolicyChecks.assertTouchesNoData(PolicyChecks.parse(factory, "{}"));
    PolicyChecks.assertTouchesNoData(PolicyChecks.parse(factory, "{\"stream\":\"upstream\"}"));
  }

  @Test
  void aConnectionItActsOnListsItAndOneTheRollMissedDoesNot() throws Exception {
    Policy always = PolicyChecks.parse(factory, "{}");
    Policy never = PolicyChecks.parse(factory, "{\"toxicity\":0}");
    assertThat(always.open(new FakeConnection())).isNotSameAs(ConnectionPolicy.NONE);
    assertThat(never.open(new FakeConnection())).isSameAs(ConnectionPolicy.NONE);
  }

  @Test
  void itTakesNoAttributes() {
    PolicyChecks.rejected(factory, "{\"attributes\":{\"delay\":1}}", "attributes.delay", "");
  }
}
