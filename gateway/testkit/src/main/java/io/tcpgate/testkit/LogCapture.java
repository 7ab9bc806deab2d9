package io.tcpgate.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Collects what is logged (through logback, which the module using it must have) while it is open, to
 * check what a gateway said: that an error names what failed, or that a line did not come.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
  }

  /** Every message logged so far, formatted, with its exception's message. */
  public List<String> messages() {
    synchronized (appender.list) {
      return appender.list.stream().map(e -> e.getFormattedMessage()
        + (e.getThrowableProxy() == null ? "" : " / " + e.getThrowableProxy().getMessage())).toList();
    }
  }

  /** The messages logged so far at WARN or above, formatted. */
  public List<String> warnings() {
    synchronized (appender.list) {
      return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** Waits until one message contains every one of {@code parts}. */
  public void await(Duration timeout, String... parts) {
    Await.until("a log message containing " + String.join(" ... ", parts), timeout,
      () -> messages().stream().anyMatch(m -> Arrays.stream(parts).allMatch(m::contains)));
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
