package io.tcpgate.core.route;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The ttl countdowns of a set of toxics, by toxic name: one per toxic, on the id its owner gives it. A
 * toxic put on the id it is on keeps its countdown, running or run out; another id ends it and starts a
 * new one. A countdown that ran out is kept (see {@link #ranOut}) until it is ended. Thread-safe.
 */
public final class ToxicCountdowns {
  private final Vertx vertx;
  private final Map<String, Countdown> countdowns = new HashMap<>();

  public ToxicCountdowns(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Puts toxic {@code name} on countdown {@code id} (null is an id too) of {@code ttlMillis} ms: unless
   * it is on that one already, the one it was on ends, and a new one starts, which calls {@code ranOut}
   * once it runs out (from a timer, unless it was ended or replaced first). A ttl of 0 (never) ends the
   * one it was on and starts none.
   *
   * @return whether a countdown started
   */
  public synchronized boolean countDown(String name, Object id, long ttlMillis, Runnable ranOut) {
    Countdown was = countdowns.get(name);
    if (ttlMillis > 0 && was != null && Objects.equals(was.id, id)) {
      return false;
    }
    end(name);
    if (ttlMillis <= 0) {
      return false;
    }
    Countdown c = new Countdown(id);
    countdowns.put(name, c);
    c.timer = vertx.setTimer(ttlMillis, t -> {
      if (runOut(name, c)) {
        ranOut.run();
      }
    });
    return true;
  }

  /** Whether toxic {@code name}'s countdown has run out (and was not ended since). */
  public synchronized boolean ranOut(String name) {
    Countdown c = countdowns.get(name);
    return c != null && c.ranOut;
  }

  /** Ends toxic {@code name}'s countdown, if any: it will not run out. */
  public synchronized void end(String name) {
    Countdown c = countdowns.remove(name);
    if (c != null && !c.ranOut) {
      vertx.cancelTimer(c.timer);
    }
  }

  /** Ends the countdowns of the toxics not named in {@code kept}. */
  public synchronized void endAllBut(Set<String> kept) {
    for (String name : Set.copyOf(countdowns.keySet())) {
      if (!kept.contains(name)) {
        end(name);
      }
    }
  }

  public synchronized boolean isEmpty() {
    return countdowns.isEmpty();
  }

  private synchronized boolean runOut(String name, Countdown c) {
    if (countdowns.get(name) != c) {
      return false;
    }
    c.ranOut = true;
    return true;
  }

  /** A countdown on {@code id}: its timer while it runs. */
  private static final class Countdown {
    private final Object id;
    private long timer;
    private boolean ranOut;

    private Countdown(Object id) {
      this.id = id;
    }
  }
}
