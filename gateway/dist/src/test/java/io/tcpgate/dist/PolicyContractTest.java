package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.config.ConfigException;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.dist.testplugins.CloseOnAcceptFactory;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.testkit.Await;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.LogCapture;
import io.tcpgate.testkit.OneRouteConfig;
import io.tcpgate.testkit.Peers;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A plugin that breaks the policy contract is named in the error, with its type and its class. */
class PolicyContractTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static EmbeddedGateway gateway(EchoServer backend, String policy) throws Exception {
    return EmbeddedGateway.start(OneRouteConfig.to(backend.address()).policy(policy).yaml());
  }

  @Test
  void aFactoryThatReturnsNoPolicyIsNamedWhenTheConfigIsLoaded() throws Exception {
    try (EchoServer backend = new EchoServer()) {
      assertThatThrownBy(() -> gateway(backend, "type: test-null-policy")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("route 'test': field 'policies[0]': policy plugin 'test-null-policy' "
          + "(io.tcpgate.dist.testplugins.BrokenPlugins$NullPolicy) broke its contract: create() returned null");
    }
  }

  @Test
  void twoPluginsClaimingOneTypeAreBothNamed() {
    PolicyFactory impostor = new PolicyFactory() {
      @Override
      public String type() {
        return "test-close-on-accept";
      }

      @Override
      public Policy create(PolicyConfig config) {
        return null;
      }
    };
    assertThatThrownBy(() -> new PolicyRegistry(List.of(new CloseOnAcceptFactory(), impostor)))
      .hasMessageContaining("policy type 'test-close-on-accept' is claimed by two plugins: " + CloseOnAcceptFactory.class.getName()
        + " and " + impostor.getClass().getName());
  }

  @Test
  void aHookThatThrowsResetsTheConnectionAndTheLogNamesThePlugin() throws Exception {
    try (LogCapture log = new LogCapture();
         EchoServer backend = new EchoServer();
         EmbeddedGateway gw = gateway(backend, "type: test-fails-on-accept")) {
      Peers.connectExpectingReset(gw.address(OneRouteConfig.ROUTE), WAIT);
      log.await(WAIT, "policy 'test-fails-on-accept' (io.tcpgate.dist.testplugins.BrokenPlugins$FailsOnAccept", "failed in onAccepted");
    }
  }

  @Test
  void bytesEmittedAfterTheFinAreAContractBreachThatNamesThePlugin() throws Exception {
    try (LogCapture log = new LogCapture();
         EchoServer backend = new EchoServer();
         EmbeddedGateway gw = gateway(backend, "type: test-emits-after-fin");
         Socket client = Peers.connect(gw.address(OneRouteConfig.ROUTE), WAIT)) {
      client.getOutputStream().write("x".getBytes());
      Peers.sendFin(client);
      Peers.expectReset(client, WAIT);
      log.await(WAIT, "policy 'test-emits-after-fin' broke the DataSink contract: emitted bytes after passing the FIN on");
    }
  }

  @Test
  void aPolicyWhoseOpenThrowsIsNamedInTheLog() throws Exception {
    try (LogCapture log = new LogCapture();
         EchoServer backend = new EchoServer();
         EmbeddedGateway gw = gateway(backend, "type: test-fails-on-open")) {
      Peers.connectExpectingReset(gw.address(OneRouteConfig.ROUTE), WAIT);
      log.await(WAIT, "policy plugin 'test-fails-on-open' (io.tcpgate.dist.testplugins.BrokenPlugins$FailsOnOpen", "failed in open()");
    }
  }

  /** A plugin failing in open() resets the client, and the connection is finished like any other. */
  @Test
  void aConnectionWhosePolicyFailsInOpenStopsCountingAsLive() throws Exception {
    try (EchoServer backend = new EchoServer();
         EmbeddedGateway gw = gateway(backend, "type: test-fails-on-open")) {
      Peers.connectExpectingReset(gw.address(OneRouteConfig.ROUTE), WAIT);
      Await.until("the route to count no live connection", Duration.ofSeconds(2),
        () -> gw.gateway().route(OneRouteConfig.ROUTE).runtime().stats().live() == 0);
    }
  }
}
