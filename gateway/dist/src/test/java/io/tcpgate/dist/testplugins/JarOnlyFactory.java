package io.tcpgate.dist.testplugins;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;

/**
 * {@code test-jar-only}: a plugin listed in no services file of this module; a test packs it into a jar
 * with its own {@code META-INF/services} entry to show a plugin jar on the class path is picked up.
 */
public final class JarOnlyFactory implements PolicyFactory {
  @Override
  public String type() {
    return "test-jar-only";
  }

  @Override
  public Policy create(PolicyConfig config) {
    return (ConnectionContext connection) -> ConnectionPolicy.NONE;
  }
}
