package io.tcpgate.testkit;

import io.tcpgate.spi.Direction;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.PolicyFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Checks every policy plugin's tests make: parsing an entry, naming the bad field, keeping the fast path. */
public final class PolicyChecks {
  private PolicyChecks() {}

  /** Parses {@code json} (the entry without its {@code type}) with {@code factory}. */
  public static Policy parse(PolicyFactory factory, String json) throws InvalidPolicyConfigException {
    return factory.create(new PolicyConfig(new JsonObject(json)));
  }

  /**
   * Asserts that {@code factory} rejects {@code json} with an error naming {@code field} and whose
   * message contains {@code says}.
   *
   * @throws AssertionError when the entry is accepted, or rejected for another field or reason
   */
  public static void rejected(PolicyFactory factory, String json, String field, String says) {
    try {
      parse(factory, json);
    } catch (InvalidPolicyConfigException e) {
      if (!field.equals(e.field()) || !e.getMessage().contains(says)) {
        throw new AssertionError("'" + factory.type() + "' " + json + " was rejected for field '" + e.field() + "': "
            + e.getMessage() + "; expected field '" + field + "' and a message containing: " + says, e);
      }
      return;
    }
    throw new AssertionError("'" + factory.type() + "' accepted " + json + "; expected an error for field '" + field + "'");
  }

  /**
   * The problems {@code factory} finds in {@code json} when it reads on past a bad field, as the gateway
   * reads a config file: one {@code "field: message"} each, in the order found; empty when it is accepted.
   */
  public static List<String> problems(PolicyFactory factory, String json) {
    try {
      PolicyConfig.create(factory, new JsonObject(json));
      return List.of();
    } catch (InvalidPolicyConfigException e) {
      return e.problems().stream().map(p -> p.field() + ": " + p.getMessage()).toList();
    }
  }

  /** Asserts that {@code policy} sees the bytes of neither direction, so its connections keep the fast path. */
  public static void assertTouchesNoData(Policy policy) {
    for (Direction d : Direction.values()) {
      if (policy.touchesData(d)) {
        throw new AssertionError(policy + " touches the " + d.wireName() + " data: its connections leave the fast path");
      }
    }
  }
}
