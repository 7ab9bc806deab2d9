package io.tcpgate.core.relay;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tcpgate.core.EmbeddedGateway;
import io.tcpgate.testkit.Behaviour;
import io.tcpgate.testkit.Payload;
import io.tcpgate.testkit.Peers;
import io.tcpgate.testkit.PendingWrite;
import io.tcpgate.testkit.ScriptedBackend;
import io.tcpgate.testkit.SlowReader;
import io.tcpgate.testkit.StreamDigest;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A policy that keeps no chunk is lent the relay's pooled read buffers, without a copy: what it passes
 * on (slices of them, and copies) reaches the peer byte-exact, and every read buffer goes back to the
 * pool exactly once. In test runs Netty's leak detector tracks every buffer (the build sets its paranoid
 * level) and logs a leak or a second release as a warning or error; the test fails on any.
 */
class LentReadBufferTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void slicesOfLentBuffersArriveByteExactAndEveryBufferIsReleasedOnce() throws Exception {
    Logger netty = (Logger) LoggerFactory.getLogger("io.netty");
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    netty.addAppender(warnings);
    try (ScriptedBackend backend = new ScriptedBackend(Behaviour.echo());
         EmbeddedGateway gw = EmbeddedGateway.start(Routes.oneRoute("r", List.of(backend.address()),
           "    policies: [ { type: test-slice } ]\n"))) {
      for (int round = 0; round < 2; round++) {
        Payload payload = Payload.of(20 + round, 16L << 20);
        try (Socket client = Peers.connect(gw.address("r"), WAIT)) {
          PendingWrite upload = Peers.writeAsyncThenFin(client, payload);
          StreamDigest echoed = new SlowReader(Long.MAX_VALUE).readToEof(client, WAIT);
          upload.await(WAIT);
          assertThat(echoed).as("the echo of %s through test-slice both ways", payload).isEqualTo(payload.digest());
        }
        // leaked buffers are reported when the collector has found them and a later buffer is made
        System.gc();
      }
    } finally {
      netty.detachAppender(warnings);
    }
    assertThat(warnings.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage))
      .as("Netty's leak and reference-count reports").isEmpty();
  }
}
