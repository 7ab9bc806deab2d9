package io.tcpgate.toxics;

import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.Policy;
import java.util.Random;
import java.util.function.BiFunction;

/**
 * A toxic of one route: decides per connection whether it acts (match, toxicity roll) and opens the
 * toxic's per-connection instance when it does. A connection it does not act on gets
 * {@link ConnectionPolicy#NONE} and carries no trace of it (no socket option changed, no data path).
 */
final class Toxic implements Policy {
  private final ToxicSettings settings;
  private final boolean touchesData;
  private final BiFunction<ConnectionContext, Random, ConnectionPolicy> opener;

  /**
   * @param touchesData whether the toxic must see the bytes (and hold the FIN) of its stream
   * @param opener makes the per-connection instance from the connection and its random source
   */
  Toxic(ToxicSettings settings, boolean touchesData, BiFunction<ConnectionContext, Random, ConnectionPolicy> opener) {
    this.settings = settings;
    this.touchesData = touchesData;
    this.opener = opener;
  }

  @Override
  public boolean touchesData(Direction direction) {
    return touchesData && direction == settings.stream();
  }

  /** Toxics pass each chunk on or drop it at once; those that hold bytes keep copies (see {@link TimedQueue}). */
  @Override
  public boolean keepsChunks() {
    return false;
  }

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    Random random = settings.select(connection);
    return random == null ? ConnectionPolicy.NONE : opener.apply(connection, random);
  }
}
