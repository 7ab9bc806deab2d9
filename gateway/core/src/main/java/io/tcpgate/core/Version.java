package io.tcpgate.core;

/** The gateway's version, from the jar manifest (the build's project version). */
public final class Version {
  public static final String VERSION = read();

  private Version() {
  }

  private static String read() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
