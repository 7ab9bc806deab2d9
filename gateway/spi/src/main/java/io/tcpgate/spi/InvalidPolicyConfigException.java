package io.tcpgate.spi;

/**
 * A policy's configuration is invalid. The message names the field and what would be valid;
 * the gateway adds the file, the route and the policy type.
 */
public class InvalidPolicyConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidPolicyConfigException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The offending field, or null when the error is about the policy as a whole. */
  public String field() {
    return field;
  }
}
