package io.tcpgate.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tcpgate.core.Gateway;
import io.tcpgate.core.state.LocalStateStore;
import io.tcpgate.core.state.RuntimeStateException;
import io.tcpgate.core.state.SharedRuntimeState;
import io.tcpgate.core.state.Toxic;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.InvalidPolicyConfigException;
import io.tcpgate.spi.Policy;
import io.tcpgate.spi.PolicyConfig;
import io.tcpgate.spi.ToxicFactory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A toxic plugin's problems with the toxic as a whole (no field) are listed with those of its fields. */
class ToxicSpecsTest {
  /** What a toxic plugin checks in its settings. */
  private interface Check {
    void run(PolicyConfig settings) throws InvalidPolicyConfigException;
  }

  /** The problems of a toxic of a type whose plugin runs {@code check}, field by field. */
  private static List<ToxicSpecs.InvalidToxicException> problems(Check check, String attributes) {
    JsonObject toxic = new JsonObject().put("type", "checked").put("attributes", new JsonObject(attributes));
    ToxicSpecs.InvalidToxicException refused = catchThrowableOfType(ToxicSpecs.InvalidToxicException.class,
      () -> ToxicSpecs.parse(new PolicyRegistry(List.of(checkedToxic(check))), toxic));
    assertThat(refused).as("the toxic is refused").isNotNull();
    return refused.problems();
  }

  /** A toxic plugin of type {@code checked} that runs {@code check} on its settings. */
  private static ToxicFactory checkedToxic(Check check) {
    return new ToxicFactory() {
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
  }

  /**
   * A ttl is a whole number of ms within a long: one beyond it (2^63 and up) was taken, and read back as a
   * negative number, so the toxic never ran out while the API showed that ttl.
   */
  @Test
  void aTtlBeyondALongIsRefusedAndTheLargestLongIsTaken() throws Exception {
    PolicyRegistry registry = new PolicyRegistry(List.of(checkedToxic(settings -> { })));
    for (String ttl : List.of("9223372036854775808", "18446744073709551616", "1e19", "-1", "1.5")) {
      JsonObject toxic = new JsonObject("{\"type\": \"checked\", \"ttl\": " + ttl + "}");
      ToxicSpecs.InvalidToxicException refused = catchThrowableOfType(ToxicSpecs.InvalidToxicException.class,
        () -> ToxicSpecs.parse(registry, toxic));
      assertThat(refused).as("ttl %s is refused", ttl).isNotNull();
      assertThat(refused.problems()).extracting(ToxicSpecs.InvalidToxicException::field).containsExactly("ttl");
    }
    JsonObject largest = new JsonObject("{\"type\": \"checked\", \"ttl\": 9223372036854775807}");
    assertThat(ToxicSpecs.ttlMillis(ToxicSpecs.parse(registry, largest))).isEqualTo(Long.MAX_VALUE);
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
  void aProblemOfTheWholeToxicInAConfigFileIsNamedByTheToxicsEntry() {
    JsonObject doc = new JsonObject().put("routes", new JsonArray().add(new JsonObject().put("name", "r")
      .put("listen", "127.0.0.1:0").put("backends", new JsonArray().add("127.0.0.1:1"))
      .put("toxics", new JsonArray().add(new JsonObject().put("name", "t").put("type", "checked")
        .put("attributes", new JsonObject().put("low", 50).put("high", 10))))));
    ConfigException refused = catchThrowableOfType(ConfigException.class,
      () -> new ConfigLoader(new PolicyRegistry(List.of(checkedToxic(ToxicSpecsTest::rangeThenStep)))).parse(doc, "test.yaml"));
    assertThat(refused).as("the config is refused").isNotNull();
    assertThat(refused.problems()).singleElement().asString()
      .isEqualTo("test.yaml: route 'r': field 'toxics[0] (toxic 't')': low (50) is above high (10)");
  }

  /**
   * The runtime state, which the admin API's toxic calls end in, checks a toxic with the same rules and
   * names a problem of the toxic as a whole by the toxic alone.
   */
  @Test
  void aProblemOfTheWholeToxicAddedThroughTheRuntimeApiIsNamedByTheToxicWithoutAField() throws Exception {
    PolicyRegistry registry = new PolicyRegistry(List.of(checkedToxic(ToxicSpecsTest::rangeThenStep)));
    JsonObject doc = new JsonObject().put("admin", new JsonObject().put("enabled", false))
      .put("routes", new JsonArray().add(new JsonObject().put("name", "r").put("listen", "127.0.0.1:0")
        .put("backends", new JsonArray().add("127.0.0.1:1"))));
    Vertx vertx = Vertx.vertx();
    try {
      // as GatewayNode starts a standalone gateway, with a registry that knows the toxic type
      Gateway g = await(Gateway.start(vertx, new ConfigLoader(registry).parse(doc, "test.yaml"),
          gw -> SharedRuntimeState.attach(gw, new LocalStateStore(), registry).onSuccess(gw::runtimeState))
        .compose(gw -> ((SharedRuntimeState) gw.runtimeState()).applyAll().map(gw)));
      Toxic inverted = new Toxic("t", "checked", new JsonObject().put("attributes", new JsonObject().put("low", 50).put("high", 10)));
      Throwable refused = catchThrowable(() -> await(g.runtimeState().addToxic("r", inverted)));
      Throwable why = refused instanceof ExecutionException failed ? failed.getCause() : refused; // at once or by the future
      assertThat(why).as("the toxic is refused").isInstanceOf(RuntimeStateException.class).hasMessage("toxic 't': low (50) is above high (10)");
      assertThat(((RuntimeStateException) why).kind()).isEqualTo(RuntimeStateException.Kind.INVALID);
      await(g.stop());
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void aProblemOfANestedObjectAsAWholeIsNamedByTheObject() {
    List<ToxicSpecs.InvalidToxicException> problems = problems(
      settings -> settings.object("attributes").invalid(null, "low and high go together", null), "{\"low\": 1}");
    assertThat(problems).extracting(ToxicSpecs.InvalidToxicException::field).containsExactly("attributes");
  }
}
