package io.tcpgate.core.reload;

import io.tcpgate.core.config.GatewayConfig;
import java.util.List;
import java.util.Map;

/**
 * What a reload did.
 *
 * @param applied the config now in force (the file's, less the routes waiting for a runtime route of their name)
 * @param added routes that started listening
 * @param removed routes that stopped listening (their live connections drain)
 * @param changed routes whose config changed for new connections
 * @param problems what could not be applied, each naming the route (empty when all applied)
 * @param waiting routes of the file not applied because a route created at run time holds their name
 *     (they apply once it is deleted)
 * @param notListening routes of the file applied without listening where the file says (the address is
 *     taken; a moved route keeps its old address meanwhile), each with its line of {@code problems}: the
 *     runtime state (if any) tries them again until they do; those an earlier reload left so and that still are
 *     keep that reload's line
 */
public record ReloadResult(GatewayConfig applied, List<String> added, List<String> removed, List<String> changed, List<String> problems,
    List<String> waiting, Map<String, String> notListening) {
}
