package dev.rolesanywhere.cli.internal.serve;

import java.util.Locale;
import java.util.Set;

/**
 * Which requests come from a local program rather than from a web page. A page the user visits can have its host name
 * re-pointed at 127.0.0.1 (DNS rebinding) and then read this server as its own origin; the browser still sends that
 * host name in {@code Host}, and adds {@code Origin} and {@code Sec-Fetch-*} headers, which no AWS SDK sends. So a
 * request is served only when its {@code Host} names loopback with this server's port and it carries none of those.
 */
final class LocalClientPolicy {

    private final Set<String> hosts;

    LocalClientPolicy(int port) {
        String p = ":" + port;
        this.hosts = port == 80
                ? Set.of("127.0.0.1" + p, "localhost" + p, "[::1]" + p, "127.0.0.1", "localhost", "[::1]")
                : Set.of("127.0.0.1" + p, "localhost" + p, "[::1]" + p);
    }

    /** Null when the request may be served, else why it may not (for a 403 body). */
    String refusal(HttpMessages.Request request) {
        for (String name : request.headers.keySet()) {
            if (name.equals("origin") || name.startsWith("sec-fetch-")) {
                return "Requests from web pages (with an Origin or Sec-Fetch-* header) are refused";
            }
        }
        String host = request.header("Host");
        if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return "The Host header must name this server on loopback (127.0.0.1, localhost or [::1] with its port)";
        }
        return null;
    }
}
