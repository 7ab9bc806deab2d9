package io.tcpgate.plugins.closesemantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.PolicyChecks;
import org.junit.jupiter.api.Test;

/** The connect-failure policy alone, on a fake connection. */
class ConnectFailurePolicyTest {

  private static final ConnectFailureFactory FACTORY = new ConnectFailureFactory();

  @Test
  void setsWhatTheClientGetsWhenNoBackendAnswers() throws Exception {
    FakeConnection connection = new FakeConnection();
    PolicyChecks.parse(FACTORY, "{\"action\": \"rst\"}").open(connection).onAccepted();
    assertThat(connection.connectFailureAction()).isEqualTo(CloseAction.RST);
  }

  @Test
  void neverTouchesData() throws Exception {
    PolicyChecks.assertTouchesNoData(PolicyChecks.parse(FACTORY, "{\"action\": \"fin\"}"));
  }

  @Test
  void theActionIsRequiredAndNamed() {
    PolicyChecks.rejected(FACTORY, "{}", "action", "missing; expected fin or rst");
    PolicyChecks.rejected(FACTORY, "{\"action\": \"drop\"}", "action", "expected one of fin, rst");
  }

  @Test
  void aMissingActionIsListedWithAnUnknownField() {
    assertThat(PolicyChecks.problems(FACTORY, "{\"acton\": \"rst\"}")).satisfiesExactly(
      p -> assertThat(p).startsWith("acton: unknown field 'acton'"),
      p -> assertThat(p).startsWith("action: missing; expected fin or rst"));
  }
}
