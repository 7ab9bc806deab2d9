package io.tcpgate.plugins.closesemantics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.FakeConnection;
import io.tcpgate.testkit.PolicyChecks;
import org.junit.jupiter.api.Test;

/** The rst-translation policy alone, on a fake connection. */
class RstTranslationPolicyTest {
  private final FakeConnection connection = new FakeConnection();

  private static final RstTranslationFactory FACTORY = new RstTranslationFactory();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return PolicyChecks.parse(FACTORY, json);
  }

  @Test
  void resetsStayResetsByDefaultAndThePolicyLeavesNoTrace() throws Exception {
    assertThat(parse("{}")).isEqualTo(new RstTranslationPolicy(CloseAction.RST, CloseAction.RST));
    assertThat(parse("{}").open(connection)).isSameAs(ConnectionPolicy.NONE);
  }

  @Test
  void eachDirectionIsTranslatedOnItsOwn() throws Exception {
    parse("{\"backend-reset\": \"fin\"}").open(connection).onAccepted();
    assertThat(connection.resetBecomes(Side.BACKEND)).isEqualTo(CloseAction.FIN);
    assertThat(connection.resetBecomes(Side.CLIENT)).isEqualTo(CloseAction.RST);

    FakeConnection other = new FakeConnection();
    parse("{\"client-reset\": \"fin\"}").open(other).onAccepted();
    assertThat(other.resetBecomes(Side.BACKEND)).isEqualTo(CloseAction.RST);
    assertThat(other.resetBecomes(Side.CLIENT)).isEqualTo(CloseAction.FIN);
  }

  @Test
  void neverTouchesData() throws Exception {
    PolicyChecks.assertTouchesNoData(parse("{\"backend-reset\": \"fin\", \"client-reset\": \"fin\"}"));
  }

  @Test
  void badFieldsAreNamed() {
    PolicyChecks.rejected(FACTORY, "{\"backend-reset\": \"close\"}", "backend-reset", "expected one of fin, rst");
    PolicyChecks.rejected(FACTORY, "{\"server-reset\": \"fin\"}", "server-reset", "known fields: backend-reset, client-reset");
  }
}
