package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.GatewayNode;
import io.tcpgate.core.config.ConfigLoader;
import io.tcpgate.core.config.GatewayConfig;
import io.tcpgate.core.config.PolicyRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * How long the launcher, its start failed, waits for a second stop signal's exit (see {@link GracefulStop}),
 * in this JVM: the exit is replaced, so nothing halts.
 */
class ForcedExitTest {
  private static final String EXIT_FAILED = "the logs could not be written out";
  private static final long WAIT_SECONDS = 30;

  @Test
  void aFailedStartWaitsNoLongerOnceTheSecondSignalEndedWithoutExiting() {
    Promise<Gateway> started = Promise.promise();
    GracefulStop stop = new GracefulStop(started.future(), null, () -> {
      throw new IllegalStateException(EXIT_FAILED);
    });
    stop.run(); // the first signal's stop waits for the start
    assertThatThrownBy(stop::run).as("the second signal, its exit failed").hasMessage(EXIT_FAILED);
    started.fail(new IllegalStateException("cannot listen"));
    long t0 = System.nanoTime();
    stop.awaitForcedExit();
    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms waited for an exit that will not come")
      .isLessThan(GracefulStop.FORCED_WAIT_MILLIS);
  }

  /**
   * A second signal that comes once the start failed by itself (the failure stopped the gateway) leaves the
   * exit to the launcher, which reports why the start failed: the signal halted first, and the reason was
   * never told.
   */
  @Test
  void aSecondSignalAfterTheStartFailedByItselfLeavesTheExitToTheLauncher() throws Exception {
    try (ServerSocket backend = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      JsonObject route = new JsonObject().put("name", "r").put("listen", "127.0.0.1:" + taken.getLocalPort())
        .put("backends", new JsonArray().add("127.0.0.1:" + backend.getLocalPort()));
      GatewayConfig config = new ConfigLoader(PolicyRegistry.load(), Map.of(), new Properties())
        .parse(new JsonObject().put("admin", new JsonObject().put("enabled", false)).put("routes", new JsonArray().add(route)), "test config");
      Vertx vertx = RunCommand.newVertx(1, false);
      try {
        Promise<Gateway> started = Promise.promise();
        AtomicBoolean exited = new AtomicBoolean();
        GracefulStop stop = new GracefulStop(started.future(), vertx, () -> exited.set(true));
        Future<Gateway> start = GatewayNode.start(vertx, config, PolicyRegistry.load(), stop::starting);
        Throwable failure = start.transform(ar -> Future.succeededFuture(ar.cause())).toCompletionStage().toCompletableFuture()
          .get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(failure).as("why the start failed").hasMessageContaining("cannot listen on");
        started.fail(failure); // as the launcher does
        stop.run();
        stop.run();
        long t0 = System.nanoTime();
        stop.awaitForcedExit();
        assertThat(exited).as("the second signal exited").isFalse();
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms the launcher waited to report").isLessThan(GracefulStop.FORCED_WAIT_MILLIS);
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aFailedStartDoesNotWaitAfterOneSignal() {
    Promise<Gateway> started = Promise.promise();
    GracefulStop stop = new GracefulStop(started.future(), null, () -> {
      throw new AssertionError("exits only on a second signal");
    });
    stop.run();
    started.fail(new IllegalStateException("cannot listen"));
    long t0 = System.nanoTime();
    stop.awaitForcedExit();
    assertThat((System.nanoTime() - t0) / 1_000_000).as("ms waited").isLessThan(GracefulStop.FORCED_WAIT_MILLIS);
  }
}
