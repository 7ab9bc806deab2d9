package io.tcpgate.dist;

import sun.misc.Signal;

/** Routes SIGTERM and SIGINT (stop) and SIGHUP (reload) to handlers instead of the JVM's default exit. */
final class Signals {
  private Signals() {
  }

  static void onReload(Runnable handler) {
    Signal.handle(new Signal("HUP"), s -> handler.run());
  }

  static void onStop(Runnable handler) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), s -> handler.run());
    }
  }
}
