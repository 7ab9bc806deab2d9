package io.tcpgate.dist;

import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;

/**
 * Routes SIGTERM and SIGINT (stop) and SIGHUP (reload) to handlers instead of the JVM's default exit.
 * Held from the first moment of {@code run} on: a signal that arrives before its handler is set is
 * handled once it is. A handler set later replaces the earlier one.
 */
final class Signals {
  private static volatile CompletableFuture<Runnable> stop = new CompletableFuture<>();
  private static volatile CompletableFuture<Runnable> reload = new CompletableFuture<>();
  private static boolean held;

  private Signals() {
  }

  /** From now on stop and reload signals wait for {@link #onStop} and {@link #onReload}. */
  static synchronized void hold() {
    if (held) {
      return;
    }
    held = true;
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> stop.thenAccept(Runnable::run));
    }
    Signal.handle(new Signal("HUP"), s -> reload.thenAccept(Runnable::run));
  }

  static synchronized void onStop(Runnable handler) {
    hold();
    if (!stop.complete(handler)) {
      stop = CompletableFuture.completedFuture(handler);
    }
  }

  static synchronized void onReload(Runnable handler) {
    hold();
    if (!reload.complete(handler)) {
      reload = CompletableFuture.completedFuture(handler);
    }
  }
}
