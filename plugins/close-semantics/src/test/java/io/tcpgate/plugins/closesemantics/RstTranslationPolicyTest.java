package io.tcpgate.plugins.closesemantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.Side;
import io.tcpgate.testkit.FakeConnection;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The rst-translation policy alone, on a fake connection. */
class RstTranslationPolicyTest {
  private final FakeConnection connection = new FakeConnection();

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return new RstTranslationFactory().create(new PolicyConfig(new JsonObject(json)));
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
    Policy policy = parse("{\"backend-reset\": \"fin\", \"client-reset\": \"fin\"}");
    for (Direction d : Direction.values()) {
      assertThat(policy.touchesData(d)).isFalse();
    }
  }

  @Test
  void badFieldsAreNamed() {
    assertThatThrownBy(() -> parse("{\"backend-reset\": \"close\"}")).hasMessageContaining("expected one of fin, rst")
      .extracting(e -> ((InvalidPolicyConfigException) e).field()).isEqualTo("backend-reset");
    assertThatThrownBy(() -> parse("{\"server-reset\": \"fin\"}")).hasMessageContaining("known fields: backend-reset, client-reset");
  }
}
