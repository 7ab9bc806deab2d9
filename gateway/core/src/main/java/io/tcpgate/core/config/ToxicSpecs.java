package io.tcpgate.core.config;

import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonObject;
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

  private ToxicSpecs() {
  }

  /** Why a toxic is invalid: a bad {@code type}, a bad {@code stream}, or another field. */
  public static final class InvalidToxicException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String field;

    InvalidToxicException(String field, String message) {
      super(message);
      this.field = field;
    }

    /** {@code type}, {@code stream}, or the offending field ({@code attributes.latency}, {@code toxicity} …). */
    public String field() {
      return field;
    }
  }

  public static PolicySpec parse(PolicyRegistry registry, JsonObject toxic) throws InvalidToxicException {
    for (String f : toxic.fieldNames()) {
      if (!FIELDS.contains(f)) {
        throw new InvalidToxicException(f, "unknown field '" + f + "'; known fields: " + String.join(", ", new TreeSet<>(FIELDS)));
      }
    }
    Object typeValue = toxic.getValue("type");
    PolicyFactory factory = typeValue instanceof String ? registry.get((String) typeValue) : null;
    if (!(factory instanceof ToxicFactory)) {
      throw new InvalidToxicException("type", "unknown toxic type " + (typeValue == null ? "(missing)" : "'" + typeValue + "'")
        + "; known toxic types: " + String.join(", ", toxicTypes(registry)));
    }
    Object stream = toxic.getValue("stream", "downstream");
    if (!"upstream".equals(stream) && !"downstream".equals(stream)) {
      throw new InvalidToxicException("stream", "expected upstream or downstream, got " + ConfigParser.describe(stream));
    }
    Object name = toxic.getValue("name");
    if (name != null && (!(name instanceof String) || ((String) name).isEmpty())) {
      throw new InvalidToxicException("name", "expected a non-empty string, got " + ConfigParser.describe(name));
    }
    JsonObject entry = toxic.copy()
      .put("name", name == null ? typeValue + "_" + stream : name)
      .put("stream", stream)
      .put("toxicity", toxic.getValue("toxicity", 1.0))
      .put("attributes", toxic.getValue("attributes", new JsonObject()));
    if (entry.getValue("attributes") instanceof JsonObject) {
      entry.put("attributes", ((ToxicFactory) factory).attributeDefaults().copy().mergeIn(entry.getJsonObject("attributes")));
    }
    Object ttl = entry.getValue("ttl");
    if (ttl != null && !(ttl instanceof Number && ((Number) ttl).doubleValue() >= 0 && ((Number) ttl).doubleValue() <= Long.MAX_VALUE
        && ((Number) ttl).doubleValue() == Math.rint(((Number) ttl).doubleValue()))) {
      throw new InvalidToxicException("ttl", "expected a whole number of milliseconds, 0 or more (0: never), got " + ConfigParser.describe(ttl));
    }
    JsonObject settings = entry.copy();
    settings.remove("name");
    settings.remove("type");
    settings.remove("ttl");
    try {
      Policy policy = factory.create(new PolicyConfig(settings));
      return new PolicySpec((String) typeValue, entry, policy);
    } catch (InvalidPolicyConfigException e) {
      throw new InvalidToxicException(e.field(), e.getMessage());
    }
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

  /** The toxic types on the class path. */
  public static List<String> toxicTypes(PolicyRegistry registry) {
    return registry.factories().stream().filter(f -> f instanceof ToxicFactory).map(PolicyFactory::type).sorted().toList();
  }
}
