package io.tcpgate.core.reload;

import static io.tcpgate.core.reload.ReloadOrderTest.doc;
import static io.tcpgate.core.reload.ReloadOrderTest.loopback;
import static io.tcpgate.core.reload.ReloadOrderTest.route;
import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.core.Gateway;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.tcpgate.testkit.PortChecks;
import io.vertx.core.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop that begins while a reload starts a route waits for that start: once the stop completed, nothing of the gateway listens. */
class ReloadDuringStopTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aRouteAReloadWasStartingWhenTheStopBeganDoesNotListenOnceTheStopCompleted() throws Exception {
    int port = FreePorts.freePort();
    CountDownLatch starting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService reloader = Executors.newSingleThreadExecutor();
    try (EchoServer one = new EchoServer(); EmbeddedGateway gw = EmbeddedGateway.start(doc(route("a", "127.0.0.1:0", one)))) {
      Gateway g = gw.gateway();
      InetSocketAddress a = gw.address("a");
      g.beforeListening(runtime -> { // holds the new route's start, before it listens, until the stop has begun
        starting.countDown();
        try {
          release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      GatewayConfig next = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties())
        .parse(doc(route("a", "127.0.0.1:0", one), route("late", "127.0.0.1:" + port, one)), "edited");
      CompletableFuture<Future<ReloadResult>> reload = CompletableFuture.supplyAsync(() -> g.reload(next), reloader);
      assertThat(starting.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the reload is starting route 'late'").isTrue();
      Future<Void> stopped = g.stop();
      assertThat(stopped.isComplete()).as("the stop waits for the start under way").isFalse();
      release.countDown();
      reload.get(WAIT.toSeconds(), TimeUnit.SECONDS).toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      stopped.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
      PortChecks.assertNotListening(loopback(port));
      PortChecks.assertNotListening(a);
    } finally {
      reloader.shutdownNow();
    }
  }
}
