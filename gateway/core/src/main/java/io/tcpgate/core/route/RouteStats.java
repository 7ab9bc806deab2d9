package io.tcpgate.core.route;

import io.tcpgate.spi.CloseCause;
import java.util.EnumMap;
import java.util.Map;
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

  public RouteStats() {
    for (CloseCause c : CloseCause.values()) {
      closes.put(c, new LongAdder());
    }
  }

  void opened() {
    live.incrementAndGet();
    total.increment();
  }

  void closed(CloseCause cause, long up, long down) {
    live.decrementAndGet();
    closes.get(cause).increment();
    bytesUpstream.add(up);
    bytesDownstream.add(down);
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

  /** Bytes client to backend of closed connections. */
  public long bytesUpstream() {
    return bytesUpstream.sum();
  }

  /** Bytes backend to client of closed connections. */
  public long bytesDownstream() {
    return bytesDownstream.sum();
  }

  public long closes(CloseCause cause) {
    return closes.get(cause).sum();
  }
}
