package io.tcpgate.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.route.RouteRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link Gateway#beforeListening} hook that holds route set-ups (on the thread making them, once the
 * route's runtime exists and before the route is recorded) until released: every one, or only the first.
 */
final class HeldRouteStarts implements Consumer<RouteRuntime> {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final boolean firstOnly;
  private final AtomicBoolean first = new AtomicBoolean(true);
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  private HeldRouteStarts(boolean firstOnly) {
    this.firstOnly = firstOnly;
  }

  /** Holds every route set-up until {@link #release}. */
  static HeldRouteStarts all() {
    return new HeldRouteStarts(false);
  }

  /** Holds the first route set-up until {@link #release}; later ones pass. */
  static HeldRouteStarts firstOnly() {
    return new HeldRouteStarts(true);
  }

  @Override
  public void accept(RouteRuntime runtime) {
    if (!first.getAndSet(false) && firstOnly) {
      return;
    }
    held.countDown();
    try {
      released.await(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits (30 s at most) until a set-up is held. */
  void awaitHeld() throws InterruptedException {
    assertThat(held.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("a route's set-up is held").isTrue();
  }

  void release() {
    released.countDown();
  }
}
