package io.tcpgate.core.config;

import java.util.List;

/**
 * A configuration was rejected; each problem names the file, the route and the field at fault, on one line:
 * a line break, tab or other control character in it (a value or key written with one, as a YAML block
 * scalar {@code |} ends with a line break) is shown escaped as Java writes it: {@code \n}, {@code \t}.
 */
public class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    this.problems = problems.stream().map(ConfigException::oneLine).toList();
  }

  /** The problems, one per line. */
  @Override
  public String getMessage() {
    return String.join("\n", problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  /** One line per problem. */
  public List<String> problems() {
    return problems;
  }

  /** {@code text} with each control character escaped as Java and JSON write it. */
  static String oneLine(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      switch (c) {
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default: out.append(String.format("\\u%04x", (int) c)); break;
      }
    }
    return out == null ? text : out.toString();
  }
}
