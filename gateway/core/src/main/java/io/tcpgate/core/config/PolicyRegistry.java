package io.tcpgate.core.config;

import io.tcpgate.spi.PolicyFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The policy factories found with {@link ServiceLoader}, built-in ones included, by wire type.
 * Two plugins claiming one type is an error that names both.
 */
public final class PolicyRegistry {
  private final Map<String, PolicyFactory> byType;

  public PolicyRegistry(Iterable<PolicyFactory> factories) {
    Map<String, PolicyFactory> map = new TreeMap<>();
    for (PolicyFactory f : factories) {
      PolicyFactory previous = map.putIfAbsent(f.type(), f);
      if (previous != null && previous.getClass() != f.getClass()) {
        throw new IllegalStateException("policy type '" + f.type() + "' is claimed by two plugins: "
          + previous.getClass().getName() + " and " + f.getClass().getName());
      }
    }
    this.byType = Collections.unmodifiableMap(map);
  }

  /** Every factory on the class path of {@code loader}. */
  public static PolicyRegistry load(ClassLoader loader) {
    try {
      return new PolicyRegistry(ServiceLoader.load(PolicyFactory.class, loader));
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("a policy plugin could not be loaded: " + e.getMessage(), e);
    }
  }

  public static PolicyRegistry load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  public PolicyFactory get(String type) {
    return byType.get(type);
  }

  public Collection<String> types() {
    return byType.keySet();
  }

  public Collection<PolicyFactory> factories() {
    return byType.values();
  }
}
