package io.tcpgate.plugins.closesemantics;

import io.tcpgate.spi.CloseAction;
import io.tcpgate.spi.CloseCause;
import io.tcpgate.spi.ConnectionContext;
import io.tcpgate.spi.ConnectionPolicy;
import io.tcpgate.spi.DataSink;
import io.tcpgate.spi.Direction;
import io.tcpgate.spi.HalfCloseMode;
import io.tcpgate.spi.Policy;

/**
 * Decides what a FIN from one side does to the connection. The gateway does the work; this policy only
 * chooses, and with the defaults it leaves no trace on the connection.
 *
 * @param mode {@link HalfCloseMode#PROPAGATE}: the FIN is relayed as a FIN after every earlier byte and
 *     the other direction flows on; {@link HalfCloseMode#CLOSE}: the first FIN closes both sides after
 *     flushing (like a Node.js server without {@code allowHalfOpen})
 * @param timeoutMillis with {@code propagate}, how long the other direction may still flow after the
 *     first FIN reached its receiver (after every byte before it) before both sides are closed with
 *     {@code action} (cause {@link CloseCause#HALF_CLOSE}), ms; 0 = no limit
 * @param action how both sides are closed when the timeout expires
 */
public record HalfClosePolicy(HalfCloseMode mode, long timeoutMillis, CloseAction action) implements Policy {
  /** How often a FIN still on its way is looked at before the limit starts, ms. */
  private static final long DELIVERY_CHECK_MILLIS = 100;

  @Override
  public ConnectionPolicy open(ConnectionContext connection) {
    if (mode == HalfCloseMode.PROPAGATE && timeoutMillis == 0) {
      return ConnectionPolicy.NONE;
    }
    return new ConnectionPolicy() {
      private boolean timerSet;

      @Override
      public void onAccepted() {
        connection.halfCloseMode(mode);
      }

      @Override
      public boolean onFin(Direction direction, DataSink next) {
        if (timeoutMillis > 0 && !timerSet) {
          timerSet = true;
          startOnceDelivered(direction);
        }
        return true;
      }

      /** The limit counts from when the FIN reached its sink, after every byte before it (checked every 100 ms until then). */
      private void startOnceDelivered(Direction direction) {
        if (connection.finDelivered(direction)) {
          connection.setTimer(timeoutMillis, () -> connection.close(action, CloseCause.HALF_CLOSE));
        } else {
          connection.setTimer(Math.min(timeoutMillis, DELIVERY_CHECK_MILLIS), () -> startOnceDelivered(direction));
        }
      }
    };
  }
}
