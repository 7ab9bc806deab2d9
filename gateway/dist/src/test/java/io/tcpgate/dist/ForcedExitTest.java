package io.tcpgate.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tcpgate.core.Gateway;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

/**
 * How long the launcher, its start failed, waits for a second stop signal's exit (see {@link GracefulStop}),
 * in this JVM: the exit is replaced, so nothing halts.
 */
class ForcedExitTest {
  private static final String EXIT_FAILED = "the logs could not be written out";

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
