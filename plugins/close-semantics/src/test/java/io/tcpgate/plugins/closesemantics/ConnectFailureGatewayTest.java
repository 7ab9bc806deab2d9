package io.tcpgate.plugins.closesemantics;

import static io.tcpgate.testkit.OneRouteConfig.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.UnreachableBackends;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the client observes, on loopback sockets, when no backend can be reached. */
class ConnectFailureGatewayTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static Socket clientOf(EmbeddedGateway gw) throws Exception {
    Socket client = Peers.connect(gw.address(ROUTE), WAIT);
    client.getOutputStream().write("request".getBytes());
    return client;
  }

  @Test
  void aRefusedBackendGivesTheClientFinByDefault() throws Exception {
    try (UnreachableBackends none = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(none.refused()).yaml());
         Socket client = clientOf(gw)) {
      Peers.expectEof(client, WAIT);
    }
  }

  @Test
  void aRefusedBackendGivesTheClientRstWhenThePolicySaysRst() throws Exception {
    try (UnreachableBackends none = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(none.refused()).policy("type: connect-failure, action: rst").yaml())) {
      Peers.connectExpectingReset(gw.address(ROUTE), WAIT);
    }
  }

  @Test
  void thePolicyOverridesTheRoutesConnectFailureField() throws Exception {
    try (UnreachableBackends none = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(none.refused(), none.refused())
           .route("connect-failure", "rst").policy("type: connect-failure, action: fin").yaml());
         Socket client = clientOf(gw)) {
      Peers.expectEof(client, WAIT);
    }
  }

  @Test
  void aBackendThatNeverAnswersGivesTheClientTheActionAfterTheConnectTimeout() throws Exception {
    try (UnreachableBackends none = new UnreachableBackends();
         EmbeddedGateway gw = EmbeddedGateway.start(OneRouteConfig.to(none.blackholed())
           .route("connect-timeout", "300ms").policy("type: connect-failure, action: rst").yaml())) {
      long start = System.nanoTime();
      Peers.connectExpectingReset(gw.address(ROUTE), WAIT);
      assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 2_000L);
    }
  }
}
