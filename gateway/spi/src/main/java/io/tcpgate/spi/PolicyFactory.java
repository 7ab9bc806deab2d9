package io.tcpgate.spi;

import java.util.ServiceLoader;

/**
 * Entry point of a policy plugin, found with {@link ServiceLoader}: list the implementation in
 * {@code META-INF/services/io.tcpgate.spi.PolicyFactory}.
 *
 * <p>A factory is named by its wire {@link #type()}, the {@code type} of a policy entry in the config file.
 * {@link #create} parses and validates one entry once, when the config is loaded; the returned
 * {@link Policy} is shared by every connection of the route and gives each its own
 * {@link ConnectionPolicy}.
 */
public interface PolicyFactory {

  /** Wire name, e.g. {@code idle-timeout}; lower case, words separated by {@code -} or {@code _}. */
  String type();

  /** One line for {@code --help} and error messages. */
  default String description() {
    return "";
  }

  /**
   * Parses and validates one policy entry.
   *
   * @param config the entry without its {@code type}; read it through {@link PolicyConfig}, whose errors
   *               name the field
   * @throws InvalidPolicyConfigException when a field is missing, unknown or out of range
   */
  Policy create(PolicyConfig config) throws InvalidPolicyConfigException;
}
