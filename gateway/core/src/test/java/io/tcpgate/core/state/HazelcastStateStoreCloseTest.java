package io.tcpgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleService;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.lang.reflect.Proxy;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Closing the Hazelcast state store on an event loop (as a stopping node does, before its member leaves
 * the cluster): Hazelcast's blocking call runs off the loop, and the close completes once it returned.
 */
class HazelcastStateStoreCloseTest {
  private static final long WAIT_SECONDS = 10;

  @Test
  void closingOnAnEventLoopLeavesTheLoopFreeAndCompletesOnceHazelcastLetGo() throws Exception {
    Vertx vertx = Vertx.vertx();
    CountDownLatch hazelcastAnswers = new CountDownLatch(1);
    AtomicReference<Thread> calledOn = new AtomicReference<>();
    try {
      HazelcastStateStore store = new HazelcastStateStore(vertx, slowToRemoveListeners(hazelcastAnswers, calledOn));
      CompletableFuture<Future<Void>> returned = new CompletableFuture<>();
      vertx.runOnContext(v -> returned.complete(store.close()));

      Future<Void> closed = returned.get(2, TimeUnit.SECONDS); // the loop is free while Hazelcast has not answered
      assertThat(closed.isComplete()).as("complete before Hazelcast let go").isFalse();
      hazelcastAnswers.countDown();
      closed.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
      assertThat(calledOn.get().getName()).as("the thread Hazelcast was called on").doesNotContain("eventloop");
    } finally {
      hazelcastAnswers.countDown();
      vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
  }

  /** A Hazelcast member whose map's {@code removeEntryListener} waits for {@code answer}; what else the store calls answers at once. */
  private static HazelcastInstance slowToRemoveListeners(CountDownLatch answer, AtomicReference<Thread> calledOn) {
    IMap<?, ?> map = fake(IMap.class, (name, args) -> switch (name) {
      case "addEntryListener" -> UUID.randomUUID();
      case "removeEntryListener" -> {
        calledOn.set(Thread.currentThread());
        answer.await(WAIT_SECONDS, TimeUnit.SECONDS);
        yield true;
      }
      default -> throw new UnsupportedOperationException(name);
    });
    LifecycleService lifecycle = fake(LifecycleService.class, (name, args) -> UUID.randomUUID());
    return fake(HazelcastInstance.class, (name, args) -> switch (name) {
      case "getMap" -> map;
      case "getLifecycleService" -> lifecycle;
      default -> throw new UnsupportedOperationException(name);
    });
  }

  private interface Answer {
    Object answer(String method, Object[] args) throws Exception;
  }

  private static <T> T fake(Class<T> type, Answer answer) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
      (proxy, method, args) -> answer.answer(method.getName(), args)));
  }
}
