package io.tcpgate.core.config;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.ProblemText;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a toxic as Toxiproxy's API and tcpgate's config file write it —
 * {@code {name, type, stream, toxicity, attributes}} plus tcpgate's optional {@code ttl} (ms after which
 * it removes itself), {@code match} and {@code seed} — into a validated {@link PolicySpec} whose entry is
 * the toxic with its defaults filled in (stream {@code downstream}, toxicity 1, name {@code type_stream}).
 */
public final class ToxicSpecs {
  /** A toxic's fields. */
  public static final Set<String> FIELDS = Set.of("name", "type", "stream", "toxicity", "attributes", "ttl", "match", "seed");
  /**
   * Longest name, in chars: the API addresses a toxic by its name in the path, each UTF-8 byte of it
   * escaped at worst (9 characters for a char), which must fit the 4 KiB request line the admin server reads.
   */
  public static final int MAX_NAME_LENGTH = 256;

  private ToxicSpecs() {
  }

  /** Why a toxic is invalid: a bad {@code type}, a bad {@code stream}, or another field; the first of its {@link #problems()}. */
  public static final class InvalidToxicException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;
    private final boolean wantsText;
    private final transient List<InvalidToxicException> problems;

    InvalidToxicException(String field, String message) {
      this(field, message, false);
    }

    /** @param wantsText whether {@code field} takes text (see {@link InvalidPolicyConfigException#wantsText()}) */
    InvalidToxicException(String field, String message, boolean wantsText) {
      super(message);
      this.field = field;
      this.wantsText = wantsText;
      this.problems = List.of(this);
    }

    private InvalidToxicException(List<InvalidToxicException> problems) {
      super(problems.get(0).getMessage());
      this.field = problems.get(0).field;
      this.wantsText = problems.get(0).wantsText;
      this.problems = List.copyOf(problems);
    }

    /** {@code type}, {@code stream}, or the offending field ({@code attributes.latency}, {@code toxicity} …). */
    public String field() {
      return field;
    }

    /** Whether the field takes text: the type, the stream, the name, or a toxic's field that does (see {@link InvalidPolicyConfigException#wantsText()}). */
    public boolean wantsText() {
      return wantsText;
    }

    /** Every bad field of the toxic, in the order checked (type, stream, then the rest). */
    public List<InvalidToxicException> problems() {
      return problems;
    }
  }

  /**
   * Checks every field of {@code toxic}, reporting all its bad fields at once.
   *
   * @throws InvalidToxicException naming the first bad field, with every one in {@link InvalidToxicException#problems()}
   */
  public static PolicySpec parse(PolicyRegistry registry, JsonObject toxic) throws InvalidToxicException {
    List<InvalidToxicException> problems = new ArrayList<>();
    for (String f : new TreeSet<>(toxic.fieldNames())) {
      if (!FIELDS.contains(f)) {
        problems.add(new InvalidToxicException(f, "unknown field '" + f + "'; " + ProblemText.didYouMean(f, FIELDS)
          + "known fields: " + String.join(", ", new TreeSet<>(FIELDS))));
      }
    }
    Object typeValue = toxic.getValue("type");
    PolicyFactory factory = typeValue instanceof String ? registry.get((String) typeValue) : null;
    if (!(factory instanceof ToxicFactory)) {
      String why = factory != null ? "'" + typeValue + "' is a policy, not a toxic"
        : typeValue == null ? "unknown toxic type (missing)"
        : typeValue instanceof String ? "unknown toxic type '" + typeValue + "'" : "expected a string, got " + FieldReader.describe(typeValue);
      problems.add(0, new InvalidToxicException("type", why + "; known toxic types: " + String.join(", ", toxicTypes(registry)), true));
    }
    Object stream = toxic.getValue("stream", "downstream");
    if (!"upstream".equals(stream) && !"downstream".equals(stream)) {
      problems.add(factory instanceof ToxicFactory ? 0 : 1,
        new InvalidToxicException("stream", "expected upstream or downstream, got " + FieldReader.describe(stream), true));
    }
    Object name = toxic.getValue("name");
    String notAName = name instanceof String ? FieldReader.notAName((String) name) : null;
    if (name != null && (!(name instanceof String) || ((String) name).isEmpty())) {
      problems.add(new InvalidToxicException("name", "expected a non-empty string, got " + FieldReader.describe(name), true));
    } else if (name != null && ((String) name).length() > MAX_NAME_LENGTH) {
      problems.add(new InvalidToxicException("name", "expected at most " + MAX_NAME_LENGTH + " characters, got " + ((String) name).length()));
    } else if (notAName != null) {
      problems.add(new InvalidToxicException("name", notAName));
    }
    Object ttl = toxic.getValue("ttl");
    if (ttl != null && !isMillis(ttl)) {
      problems.add(new InvalidToxicException("ttl", "expected a whole number of milliseconds, 0 or more (0: never), got " + FieldReader.describe(ttl)));
    }
    if (!(factory instanceof ToxicFactory)) {
      throw new InvalidToxicException(problems);
    }
    JsonObject entry = toxic.copy()
      .put("name", name == null ? typeValue + "_" + stream : name)
      .put("stream", stream)
      .put("toxicity", toxic.getValue("toxicity", 1.0))
      .put("attributes", toxic.getValue("attributes", new JsonObject()));
    if (entry.getValue("attributes") instanceof JsonObject) {
      entry.put("attributes", ((ToxicFactory) factory).attributeDefaults().copy().mergeIn(entry.getJsonObject("attributes")));
    }
    JsonObject settings = entry.copy();
    settings.remove("name");
    settings.remove("type");
    settings.remove("ttl");
    Policy policy = null;
    try {
      policy = PolicyConfig.create(factory, settings);
    } catch (InvalidPolicyConfigException e) {
      for (InvalidPolicyConfigException p : e.problems()) {
        // a field checked above (the stream) is named once; each problem of the toxic as a whole (no field) is listed
        if (p.field() == null || problems.stream().noneMatch(known -> p.field().equals(known.field()))) {
          problems.add(new InvalidToxicException(p.field(), p.getMessage(), p.wantsText()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidToxicException(problems);
    }
    return new PolicySpec((String) typeValue, entry, policy);
  }

  /** The toxic's name as stored in a parsed entry. */
  public static String name(PolicySpec spec) {
    return spec.entry().getString("name");
  }

  /** The toxic's ttl in ms, or 0 when it has none. */
  public static long ttlMillis(PolicySpec spec) {
    Object ttl = spec.entry().getValue("ttl");
    return ttl instanceof Number ? ((Number) ttl).longValue() : 0;
  }

  /**
   * Whether {@code v} is a whole number of ms, 0 or more, within a long: a long as given, or another number
   * (a decimal, or a big integer the JSON reader made) below 2^63, whose {@code longValue()} would not wrap.
   */
  private static boolean isMillis(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue() >= 0;
    }
    if (!(v instanceof Number)) {
      return false;
    }
    double d = ((Number) v).doubleValue();
    return d >= 0 && d < 0x1p63 && d == Math.rint(d);
  }

  /** The toxic types on the class path. */
  public static List<String> toxicTypes(PolicyRegistry registry) {
    return registry.factories().stream().filter(f -> f instanceof ToxicFactory).map(PolicyFactory::type).sorted().toList();
  }
}
