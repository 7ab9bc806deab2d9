package io.tcpgate.spi;

import java.util.List;

/**
 * A policy's configuration is invalid. The message names the field and what would be valid;
 * the gateway adds the file, the route and the policy type.
 */
public class InvalidPolicyConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;
  private final boolean wantsText;
  private final transient List<InvalidPolicyConfigException> problems;

  public InvalidPolicyConfigException(String field, String message) {
    this(field, message, false);
  }

  /** @param wantsText whether {@code field} takes text (see {@link #wantsText()}) */
  InvalidPolicyConfigException(String field, String message, boolean wantsText) {
    super(message);
    this.field = field;
    this.wantsText = wantsText;
    this.problems = null;
  }

  /** Several problems of one entry: this one's field, message and {@link #wantsText()} are the first's. */
  InvalidPolicyConfigException(List<InvalidPolicyConfigException> problems) {
    super(problems.get(0).getMessage());
    this.field = problems.get(0).field();
    this.wantsText = problems.get(0).wantsText();
    this.problems = List.copyOf(problems);
  }

  /** The offending field, or null when the error is about the policy as a whole. */
  public String field() {
    return field;
  }

  /**
   * Whether the field takes text (a string, a word, a duration or a size written as text): a config file in
   * YAML that gave it a word YAML reads as a boolean ({@code on}, {@code no}) is told to quote the word.
   * False when not known.
   */
  public boolean wantsText() {
    return wantsText;
  }

  /** Every problem found in the entry, in the order the fields were read; just this one unless there were several. */
  public List<InvalidPolicyConfigException> problems() {
    return problems == null ? List.of(this) : problems;
  }
}
