package io.tcpgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.tcpgate.core.Gateway;
import io.tcpgate.testkit.EchoServer;
import io.tcpgate.testkit.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A change answers once it is in force on this node, whatever the order in which the store's answer and
 * its change event reach the node: here the answer comes first and the event right after, both while the
 * node's event loop is busy (a cluster's store answers on a worker thread and delivers events on its own).
 */
class ChangeInForceOrderTest {
  private static final long WAIT_SECONDS = 20;

  @Test
  void aChangeWhoseEventFollowsItsAnswerAnswersOnlyOnceItIsApplied() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    AnswerThenEventStore store = new AnswerThenEventStore();
    store.stored.update("r", s -> new RouteState("r", null, true, List.of(new Toxic("keep", "test-upcase", new JsonObject())), 1, "other"));
    try (EchoServer backend = new EchoServer()) {
      Gateway g = GatewayOnStore.start(vertx, store, "r", FreePorts.freePort(), backend.port());
      try {
        assertThat(toxics(g)).as("the state read at start is applied").containsExactly("keep");

        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        vertx.runOnContext(v -> { // the only event loop: nothing of the node runs until release
          loopHeld.countDown();
          await(release);
        });
        assertThat(loopHeld.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Future<Void> removed = g.runtimeState().removeToxic("r", "keep");
        CompletableFuture<List<String>> atAnswer = new CompletableFuture<>();
        removed.onComplete(ar -> atAnswer.complete(ar.succeeded() ? toxics(g) : List.of("failed: " + ar.cause())));
        store.answerThenDeliver();
        release.countDown();

        assertThat(atAnswer.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("the route's toxics when the change answers").isEmpty();
      } finally {
        g.stop().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static List<String> toxics(Gateway g) {
    return g.route("r").runtime().toxics().stream().map(t -> t.name()).toList();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A {@link LocalStateStore} that holds a change's answer and event until {@link #answerThenDeliver}, which
   * gives the answer first.
   */
  private static final class AnswerThenEventStore implements StateStore {
    final LocalStateStore stored = new LocalStateStore(); // no listener of its own: this store delivers the events
    final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    final List<Runnable> held = new CopyOnWriteArrayList<>();

    void answerThenDeliver() {
      held.forEach(Runnable::run);
      held.clear();
    }

    @Override
    public Future<RouteState> update(String route, UnaryOperator<RouteState> change) {
      Promise<RouteState> answer = Promise.promise();
      stored.update(route, change).onComplete(ar -> held.add(() -> {
        answer.handle(ar);
        if (ar.succeeded()) {
          listeners.forEach(l -> l.changed(route, ar.result()));
        }
      }));
      return answer.future();
    }

    @Override
    public Future<Map<String, RouteState>> entries() {
      return stored.entries();
    }

    @Override
    public void onChange(ChangeListener listener) {
      listeners.add(listener);
    }

    @Override
    public String nodeId() {
      return stored.nodeId();
    }

    @Override
    public Future<Void> close() {
      listeners.clear();
      return stored.close();
    }
  }
}
