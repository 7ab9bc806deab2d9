package io.tcpgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A toxic plugin's problems with the toxic as a whole (no field) are listed with those of its fields. */
class ToxicSpecsTest {
  /** What a toxic plugin checks in its settings. */
  private interface Check {
    void run(PolicyConfig settings) throws InvalidPolicyConfigException;
  }

  /** The problems of a toxic of a type whose plugin runs {@code check}, field by field. */
  private static List<ToxicSpecs.InvalidToxicException> problems(Check check, String attributes) {
    ToxicFactory factory = new ToxicFactory() {
      @Override
      public String type() {
        return "checked";
      }

      @Override
      public Policy create(PolicyConfig settings) throws InvalidPolicyConfigException {
        check.run(settings);
        return connection -> ConnectionPolicy.NONE;
      }
    };
    JsonObject toxic = new JsonObject().put("type", "checked").put("attributes", new JsonObject(attributes));
    ToxicSpecs.InvalidToxicException refused = catchThrowableOfType(ToxicSpecs.InvalidToxicException.class,
      () -> ToxicSpecs.parse(new PolicyRegistry(List.of(factory)), toxic));
    assertThat(refused).as("the toxic is refused").isNotNull();
    return refused.problems();
  }

  /** Low and high in order (a check of the toxic as a whole), then a step from 1 to 10. */
  private static void rangeThenStep(PolicyConfig settings) throws InvalidPolicyConfigException {
    PolicyConfig attributes = settings.object("attributes");
    long low = attributes.integer("low", 0, 0, 100);
    long high = attributes.integer("high", 100, 0, 100);
    if (low > high) {
      settings.invalid(null, "low (" + low + ") is above high (" + high + ")", null);
    }
    attributes.integer("step", 1, 1, 10);
  }

  @Test
  void aProblemOfTheWholeToxicIsListedWithoutAFieldBeforeABadFieldReadAfterIt() {
    List<ToxicSpecs.InvalidToxicException> problems = problems(ToxicSpecsTest::rangeThenStep, "{\"low\": 50, \"high\": 10, \"step\": 0}");
    assertThat(problems).extracting(ToxicSpecs.InvalidToxicException::field).containsExactly(null, "attributes.step");
    assertThat(problems.get(0)).hasMessage("low (50) is above high (10)");
    assertThat(problems.get(1)).hasMessageContaining("from 1 to 10, got 0");
  }

  @Test
  void everyProblemOfTheWholeToxicIsListed() {
    List<ToxicSpecs.InvalidToxicException> problems = problems(settings -> {
      settings.invalid(null, "first whole-toxic problem", null);
      settings.invalid(null, "second whole-toxic problem", null);
    }, "{}");
    assertThat(problems).extracting(Throwable::getMessage).containsExactly("first whole-toxic problem", "second whole-toxic problem");
  }

  @Test
  void aProblemOfANestedObjectAsAWholeIsNamedByTheObject() {
    List<ToxicSpecs.InvalidToxicException> problems = problems(
      settings -> settings.object("attributes").invalid(null, "low and high go together", null), "{\"low\": 1}");
    assertThat(problems).extracting(ToxicSpecs.InvalidToxicException::field).containsExactly("attributes");
  }
}
