package io.tcpgate.plugins.toxics;

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

  /**
   * For a live instance of a toxic with {@code current} settings taking {@code next}'s over in place
   * ({@link ConnectionPolicy#update}): the instance next would open for the connection, to copy the new
   * attributes from; null when next is another kind of toxic or picks connections differently (stream,
   * toxicity, match, seed: the connection is then rolled again by a new instance).
   */
  static <T extends ConnectionPolicy> T successor(Policy next, ToxicSettings current, ConnectionContext connection, Class<T> type) {
    if (!(next instanceof Toxic) || !((Toxic) next).settings.sameSelection(current)) {
      return null;
    }
    ConnectionPolicy fresh = ((Toxic) next).opener.apply(connection, new Random());
    return type.isInstance(fresh) ? type.cast(fresh) : null;
  }

  /** Same stream, toxicity, match and seed: a connection the previous toxic skipped is not rolled again. */
  @Override
  public boolean selectsLike(Policy previous) {
    return previous instanceof Toxic && ((Toxic) previous).settings.sameSelection(settings);
  }

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    Random random = settings.select(connection);
    return random == null ? ConnectionPolicy.NONE : opener.apply(connection, random);
  }
}
