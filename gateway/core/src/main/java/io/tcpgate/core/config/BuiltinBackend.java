package io.tcpgate.core.config;

/**
 * A small server run inside the gateway, for trying it out and for demos.
 *
 * @param type {@code echo} (sends back every byte, relays FIN) or {@code discard} (reads and drops)
 * @param listen where it listens
 */
public record BuiltinBackend(String type, Address listen) {
}
