package io.tcpgate.dist;

import io.tcpgate.core.config.ConfigException;

/** Prints a failure for a person: every config problem on its own line, prefixed "tcpgate: ". */
final class Errors {
  private Errors() {
  }

  static int report(Throwable e, int code) {
    Throwable t = e instanceof RunCommand.WrappedException ? e.getCause() : e;
    if (t instanceof ConfigException) {
      System.err.println("tcpgate: invalid configuration:");
      for (String p : ((ConfigException) t).problems()) {
        System.err.println("  " + p);
      }
      return Main.EXIT_CONFIG;
    }
    System.err.println("tcpgate: cannot start: " + (t.getMessage() == null ? t.toString() : t.getMessage()));
    return code;
  }
}
