package io.tcpgate.core.config;

/**
 * The admin HTTP API's address.
 *
 * @param enabled false starts no admin API
 * @param host bind host, default 127.0.0.1
 * @param port bind port, default 8474 (Toxiproxy's); 0 picks a free one
 * @param token when set, every mutating request needs {@code Authorization: Bearer <token>}; null: none
 */
public record AdminConfig(boolean enabled, String host, int port, String token) {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8474;
}
