package io.tcpgate.plugins.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.PolicyConfig;
import io.vertx.core.json.JsonObject;
import java.util.Random;

/**
 * The settings every toxic shares, read once: {@code stream} (default {@code downstream}),
 * {@code toxicity} (0..1, default 1: the chance, rolled once per connection, that the toxic acts on it),
 * the optional {@code seed} (makes the rolls and every random choice reproducible) and {@code match}
 * (which connections are eligible at all), and the toxic's own {@code attributes}.
 */
public final class ToxicSettings {
  private final Direction stream;
  private final double toxicity;
  private final Long seed;
  private final ConnectionMatch match;
  private final PolicyConfig attributes;
  private final Random rolls;
  /** What decides which connections the toxic acts on, as written: stream, toxicity, match, seed. */
  private final JsonObject selection;

  private ToxicSettings(Direction stream, double toxicity, Long seed, ConnectionMatch match, PolicyConfig attributes, JsonObject selection) {
    this.stream = stream;
    this.toxicity = toxicity;
    this.seed = seed;
    this.match = match;
    this.attributes = attributes;
    this.rolls = seed == null ? new Random() : new Random(seed);
    this.selection = selection;
  }

  /** Reads the shared fields; {@code attributeNames} are the only attributes the toxic accepts. */
  public static ToxicSettings parse(PolicyConfig config, String... attributeNames) throws InvalidPolicyConfigException {
    config.allowOnly("stream", "toxicity", "attributes", "seed", "match");
    Direction stream = "upstream".equals(config.choice("stream", "downstream", "upstream", "downstream"))
      ? Direction.UPSTREAM : Direction.DOWNSTREAM;
    double toxicity = config.number("toxicity", 1.0, 0.0, 1.0);
    Long seed = config.has("seed") ? config.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE) : null;
    PolicyConfig attributes = config.object("attributes").allowOnly(attributeNames);
    JsonObject selection = new JsonObject().put("stream", stream.name()).put("toxicity", toxicity).put("seed", seed)
      .put("match", config.json().getValue("match"));
    return new ToxicSettings(stream, toxicity, seed, ConnectionMatch.parse(config), attributes, selection);
  }

  /** Whether {@code other} picks the connections it acts on as this does (same stream, toxicity, match, seed). */
  boolean sameSelection(ToxicSettings other) {
    return selection.equals(other.selection);
  }

  /** The direction the toxic acts on. */
  public Direction stream() {
    return stream;
  }

  public double toxicity() {
    return toxicity;
  }

  /** A whole-number attribute in {@code [min, max]}; errors name {@code attributes.<name>}. */
  public long integer(String name, long defaultValue, long min, long max) throws InvalidPolicyConfigException {
    return attributes.integer(name, defaultValue, min, max);
  }

  /** A number attribute in {@code [min, max]}; errors name {@code attributes.<name>}. */
  public double number(String name, double defaultValue, double min, double max) throws InvalidPolicyConfigException {
    return attributes.number(name, defaultValue, min, max);
  }

  /** Whether none of the attributes {@code names} has had a problem noted (see {@link PolicyConfig#valid}). */
  public boolean valid(String... names) {
    return attributes.valid(names);
  }

  /** A problem with attribute {@code name} that the toxic checks itself (see {@link PolicyConfig#invalid}). */
  public <T> T invalid(String name, String message, T fallback) throws InvalidPolicyConfigException {
    return attributes.invalid(name, message, fallback);
  }

  /**
   * Decides whether the toxic acts on a new connection (match, then the toxicity roll) and, when it
   * does, returns the connection's own random source (derived from the seed when there is one); null
   * when it does not act.
   */
  synchronized Random select(ConnectionContext connection) {
    if (!match.matches(connection)) {
      return null;
    }
    if (toxicity < 1.0 && !(rolls.nextDouble() < toxicity)) {
      return null;
    }
    return seed == null ? new Random() : new Random(rolls.nextLong());
  }
}
