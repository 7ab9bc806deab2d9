package io.tcpgate.plugins.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.testkit.FakeConnection;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import org.junit.jupiter.api.Test;

/** The proxy-protocol policy alone: its settings, and the header it gives each connection. */
class ProxyProtocolPolicyTest {
  private static Policy create(JsonObject settings) throws InvalidPolicyConfigException {
    return new ProxyProtocolFactory().create(new PolicyConfig(settings));
  }

  @Test
  void versionIsOneByDefaultAndTwoWhenAsked() throws Exception {
    assertThat(create(new JsonObject())).isEqualTo(new ProxyProtocolPolicy(1));
    assertThat(create(new JsonObject().put("version", 1))).isEqualTo(new ProxyProtocolPolicy(1));
    assertThat(create(new JsonObject().put("version", 2L))).isEqualTo(new ProxyProtocolPolicy(2));
  }

  @Test
  void anyOtherVersionIsRefusedNamingTheFieldAndWhatWasGiven() {
    assertThatThrownBy(() -> create(new JsonObject().put("version", 3)))
      .isInstanceOfSatisfying(InvalidPolicyConfigException.class, e -> assertThat(e.field()).isEqualTo("version"))
      .hasMessage("expected 1 (text) or 2 (binary), got 3");
    assertThatThrownBy(() -> create(new JsonObject().put("version", "2"))).hasMessage("expected 1 (text) or 2 (binary), got \"2\"");
    assertThatThrownBy(() -> create(new JsonObject().put("version", 1.5))).hasMessage("expected 1 (text) or 2 (binary), got 1.5");
    assertThatThrownBy(() -> create(new JsonObject().put("verison", 2))).hasMessageContaining("unknown field 'verison'")
      .hasMessageContaining("did you mean 'version'?");
  }

  @Test
  void itLeavesTheBytesAloneSoConnectionsStayOnTheFastPath() throws Exception {
    Policy policy = create(new JsonObject().put("version", 2));
    for (Direction d : Direction.values()) {
      assertThat(policy.touchesData(d)).as(d.wireName()).isFalse();
    }
  }

  @Test
  void eachConnectionGetsTheHeaderOfItsOwnClientAndLocalAddress() throws Exception {
    InetSocketAddress client = new InetSocketAddress("127.0.0.2", 40001);
    InetSocketAddress local = new InetSocketAddress("127.0.0.1", 7000);
    FakeConnection connection = new FakeConnection(client, local, true);
    assertThat(create(new JsonObject()).open(connection).backendPreamble().toString())
      .isEqualTo("PROXY TCP4 127.0.0.2 127.0.0.1 40001 7000\r\n");
    assertThat(create(new JsonObject().put("version", 2)).open(connection).backendPreamble().getBytes())
      .isEqualTo(ProxyHeader.v2(client, local));
  }

  @Test
  void aUnixDomainClientGetsTheHeaderThatCarriesNoAddress() throws Exception {
    UnixDomainSocketAddress path = UnixDomainSocketAddress.of("/run/gw.sock");
    FakeConnection connection = new FakeConnection(path, path, true);
    assertThat(create(new JsonObject()).open(connection).backendPreamble().toString()).isEqualTo("PROXY UNKNOWN\r\n");
  }
}
