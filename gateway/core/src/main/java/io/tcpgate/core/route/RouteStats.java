package io.tcpgate.core.route;

import io.micrometer.core.instrument.Timer;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.Direction;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one route, updated from every event loop. */
public final class RouteStats {
  private final AtomicLong live = new AtomicLong();
  private final LongAdder total = new LongAdder();
  private final LongAdder connectFailures = new LongAdder();
  private final LongAdder resetsTranslated = new LongAdder();
  private final LongAdder bytesUpstream = new LongAdder();
  private final LongAdder bytesDownstream = new LongAdder();
  private final Map<CloseCause, LongAdder> closes = new EnumMap<>(CloseCause.class);
  private volatile Timer connectTimer;

  public RouteStats() {
    for (CloseCause c : CloseCause.values()) {
      closes.put(c, new LongAdder());
    }
  }

  void opened() {
    live.incrementAndGet();
    total.increment();
  }

  void closed(CloseCause cause) {
    live.decrementAndGet();
    closes.get(cause).increment();
  }

  /** Bytes read from the source of {@code direction}, reported once per read batch. */
  public void addBytes(Direction direction, long n) {
    (direction == Direction.UPSTREAM ? bytesUpstream : bytesDownstream).add(n);
  }

  /** Bytes relayed so far in {@code direction}, live connections included. */
  public long bytes(Direction direction) {
    return (direction == Direction.UPSTREAM ? bytesUpstream : bytesDownstream).sum();
  }

  /** Where backend connect times are recorded; none until metrics are bound. */
  public void connectTimer(Timer timer) {
    this.connectTimer = timer;
  }

  /** Records how long a successful backend connect took, ns. */
  public void connected(long nanos) {
    Timer t = connectTimer;
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  public void connectFailed() {
    connectFailures.increment();
  }

  public void resetTranslated() {
    resetsTranslated.increment();
  }

  public long live() {
    return live.get();
  }

  public long total() {
    return total.sum();
  }

  public long connectFailures() {
    return connectFailures.sum();
  }

  public long resetsTranslated() {
    return resetsTranslated.sum();
  }


  public long closes(CloseCause cause) {
    return closes.get(cause).sum();
  }
}
