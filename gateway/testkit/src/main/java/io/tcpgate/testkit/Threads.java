package io.tcpgate.testkit;

/** Starts named daemon threads, so a forgotten peer never keeps a test JVM alive. */
final class Threads {

  private Threads() {}

  static Thread startDaemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Joins {@code t} for at most {@code millis} ms; returns whether it ended. */
  static boolean join(Thread t, long millis) {
    try {
      t.join(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !t.isAlive();
  }
}
