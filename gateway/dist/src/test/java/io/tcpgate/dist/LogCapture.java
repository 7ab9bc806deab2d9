package io.tcpgate.dist;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tcpgate.testkit.Await;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Collects what the gateway logs while it is open, to check that an error names what failed. */
final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Every message logged so far, formatted, with its exception's message. */
  List<String> messages() {
    synchronized (appender.list) {
      return appender.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getMessage())).toList();
    }
  }

  /** Waits until one message contains every one of {@code parts}. */
  void await(Duration timeout, String... parts) {
    Await.until("a log message containing " + String.join(" ... ", parts), timeout,
      () -> messages().stream().anyMatch(m -> Arrays.stream(parts).allMatch(m::contains)));
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
