package io.tcpgate.spi;

import java.util.List;

/**
 * A policy's configuration is invalid. The message names the field and what would be valid;
 * the gateway adds the file, the route and the policy type.
 */
public class InvalidPolicyConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final transient List<InvalidPolicyConfigException> problems;

  public InvalidPolicyConfigException(String field, String message) {
    super(message);
    this.field = field;
    this.problems = null;
  }

  /** Several problems of one entry: this one's field and message are the first's. */
  InvalidPolicyConfigException(List<InvalidPolicyConfigException> problems) {
    super(problems.get(0).getMessage());
    this.field = problems.get(0).field();
    this.problems = List.copyOf(problems);
  }

  /** The offending field, or null when the error is about the policy as a whole. */
  public String field() {
    return field;
  }

  /** Every problem found in the entry, in the order the fields were read; just this one unless there were several. */
  public List<InvalidPolicyConfigException> problems() {
    return problems == null ? List.of(this) : problems;
  }
}
