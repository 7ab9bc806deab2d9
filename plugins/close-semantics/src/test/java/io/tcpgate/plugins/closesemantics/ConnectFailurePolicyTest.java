package io.tcpgate.plugins.closesemantics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.testkit.FakeConnection;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The connect-failure policy alone, on a fake connection. */
class ConnectFailurePolicyTest {

  private static Policy parse(String json) throws InvalidPolicyConfigException {
    return new ConnectFailureFactory().create(new PolicyConfig(new JsonObject(json)));
  }

  @Test
  void setsWhatTheClientGetsWhenNoBackendAnswers() throws Exception {
    FakeConnection connection = new FakeConnection();
    parse("{\"action\": \"rst\"}").open(connection).onAccepted();
    assertThat(connection.connectFailureAction()).isEqualTo(CloseAction.RST);
  }

  @Test
  void neverTouchesData() throws Exception {
    Policy policy = parse("{\"action\": \"fin\"}");
    for (Direction d : Direction.values()) {
      assertThat(policy.touchesData(d)).isFalse();
    }
  }

  @Test
  void theActionIsRequiredAndNamed() {
    assertThatThrownBy(() -> parse("{}")).hasMessageContaining("missing; expected fin or rst")
      .extracting(e -> ((InvalidPolicyConfigException) e).field()).isEqualTo("action");
    assertThatThrownBy(() -> parse("{\"action\": \"drop\"}")).hasMessageContaining("expected one of fin, rst");
  }
}
