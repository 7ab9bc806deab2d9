package io.tcpgate.dist;

import sun.misc.Signal;

/** Routes SIGTERM and SIGINT to a handler instead of the JVM's default exit. */
final class Signals {
  private Signals() {
  }

  static void onStop(Runnable handler) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> handler.run());
    }
  }
}
