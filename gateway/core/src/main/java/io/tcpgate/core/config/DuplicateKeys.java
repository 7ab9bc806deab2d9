package io.tcpgate.core.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Keys written twice in one object of a config text. The YAML and JSON readers keep the last one
 * silently; the gateway refuses the file instead, naming the key and its lines.
 */
final class DuplicateKeys {
  /**
   * One key written twice.
   *
   * @param pointer where the key is, as a JSON pointer ({@code /routes/0/listen})
   * @param firstLine line of the first one, from 1
   * @param line line of the second one, from 1
   * @param routeName the name written in the route the key is in, or null (not in a route, or none written)
   */
  record Found(String pointer, int firstLine, int line, String routeName) {
  }

  private static final Pattern ROUTE_NAME = Pattern.compile("/routes/(\\d+)/name");
  private static final Pattern IN_ROUTE = Pattern.compile("/routes/(\\d+)(/.*)?");

  private DuplicateKeys() {
  }

  /** The keys written twice in {@code text}, a document already read without error as {@code format} (yaml or json). */
  static List<Found> in(String text, String format) {
    List<Found> found = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    if (format.equals("json")) {
      json(text, found, names);
    } else {
      Node root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
      yaml(root, "", found, names, Collections.newSetFromMap(new IdentityHashMap<>()));
    }
    List<Found> out = new ArrayList<>();
    for (Found f : found) {
      Matcher m = IN_ROUTE.matcher(f.pointer());
      out.add(new Found(f.pointer(), f.firstLine(), f.line(), m.matches() ? names.get(m.group(1)) : null));
    }
    return out;
  }

  /** Records the first route name written at {@code pointer}, when it is one. */
  private static void routeName(String pointer, String value, Map<String, String> names) {
    Matcher m = ROUTE_NAME.matcher(pointer);
    if (m.matches()) {
      names.putIfAbsent(m.group(1), value);
    }
  }

  private static void yaml(Node node, String pointer, List<Found> out, Map<String, String> names, Set<Node> seen) {
    if (node == null || !seen.add(node)) {
      return;
    }
    if (node instanceof ScalarNode) {
      routeName(pointer, ((ScalarNode) node).getValue(), names);
    }
    if (node instanceof MappingNode) {
      Map<String, Integer> lines = new HashMap<>();
      for (NodeTuple t : ((MappingNode) node).getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode)) {
          continue;
        }
        String key = ((ScalarNode) t.getKeyNode()).getValue();
        int line = t.getKeyNode().getStartMark().getLine() + 1;
        Integer first = lines.putIfAbsent(key, line);
        if (first != null) {
          out.add(new Found(pointer + "/" + key, first, line, null));
        }
        yaml(t.getValueNode(), pointer + "/" + key, out, names, seen);
      }
    } else if (node instanceof SequenceNode) {
      List<Node> items = ((SequenceNode) node).getValue();
      for (int i = 0; i < items.size(); i++) {
        yaml(items.get(i), pointer + "/" + i, out, names, seen);
      }
    }
  }

  /** An object or a list being read: the keys seen and the current one, or the current index. */
  private static final class Frame {
    final boolean list;
    final Map<String, Integer> lines = new HashMap<>();
    String key;
    int index = -1;

    Frame(boolean list) {
      this.list = list;
    }
  }

  private static void json(String text, List<Found> out, Map<String, String> names) {
    try (JsonParser p = new JsonFactory().createParser(text)) {
      Deque<Frame> open = new ArrayDeque<>();
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        Frame top = open.peek();
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          open.pop();
        } else if (t == JsonToken.FIELD_NAME) {
          top.key = p.currentName();
          int line = p.currentTokenLocation().getLineNr();
          Integer first = top.lines.putIfAbsent(top.key, line);
          if (first != null) {
            out.add(new Found(pointer(open), first, line, null));
          }
        } else {
          if (top != null && top.list) {
            top.index++;
          }
          if (t == JsonToken.VALUE_STRING) {
            routeName(pointer(open), p.getText(), names);
          }
          if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            open.push(new Frame(t == JsonToken.START_ARRAY));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pointer(Deque<Frame> open) {
    StringBuilder b = new StringBuilder();
    for (Iterator<Frame> i = open.descendingIterator(); i.hasNext(); ) {
      Frame f = i.next();
      b.append('/').append(f.list ? String.valueOf(f.index) : f.key);
    }
    return b.toString();
  }
}
