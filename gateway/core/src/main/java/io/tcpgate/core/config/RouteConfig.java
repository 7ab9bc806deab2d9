package io.tcpgate.core.config;

import io.tcpgate.spi.CloseAction;
import java.util.List;

/**
 * One validated route.
 *
 * @param name unique route name
 * @param listen where clients connect
 * @param backends tried in the order {@code balance} gives, the next one on a refused or timed-out connect
 * @param balance how the first backend is picked
 * @param connectTimeoutMillis bound of one backend connect attempt, ms
 * @param connectFailure what the client gets when no backend can be reached
 * @param bufferBytes most bytes the gateway holds per direction of a connection (its high-water mark)
 * @param policies in the order written
 * @param toxics named toxics declared in the file, in the order written (see {@link ToxicSpecs})
 * @param maxFails failed connects in a row after which a backend is tried last, for {@code failTimeoutMillis}; 0 = never
 * @param failTimeoutMillis how long a backend that failed {@code maxFails} times in a row is tried last, ms
 */
public record RouteConfig(
    String name,
    Address listen,
    List<Address> backends,
    Balance balance,
    long connectTimeoutMillis,
    CloseAction connectFailure,
    int bufferBytes,
    List<PolicySpec> policies,
    List<PolicySpec> toxics,
    int maxFails,
    long failTimeoutMillis) {

  /** A route with no toxics declared and the default failure marking. */
  public RouteConfig(String name, Address listen, List<Address> backends, Balance balance, long connectTimeoutMillis,
      CloseAction connectFailure, int bufferBytes, List<PolicySpec> policies) {
    this(name, listen, backends, balance, connectTimeoutMillis, connectFailure, bufferBytes, policies, List.of(),
      DEFAULT_MAX_FAILS, DEFAULT_FAIL_TIMEOUT_MILLIS);
  }

  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
  public static final int DEFAULT_BUFFER_BYTES = 256 * 1024;
  public static final int MIN_BUFFER_BYTES = 4 * 1024;
  public static final int DEFAULT_MAX_FAILS = 1;
  public static final long DEFAULT_FAIL_TIMEOUT_MILLIS = 10_000;

  /** Whether the file declares a toxic of this name on this route (such a toxic changes with the file only). */
  public boolean declaresToxic(String toxicName) {
    return toxics.stream().anyMatch(t -> ToxicSpecs.name(t).equals(toxicName));
  }
}
