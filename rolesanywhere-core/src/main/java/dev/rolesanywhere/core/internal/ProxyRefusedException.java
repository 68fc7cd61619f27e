package dev.rolesanywhere.core.internal;

import java.io.IOException;

/**
 * The proxy answered the CONNECT with something other than 200: a login it wants or refuses (407), a destination it
 * forbids. Retrying cannot change that answer, so the CreateSession client reports it at once.
 */
public final class ProxyRefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    ProxyRefusedException(String message) {
        super(message);
    }
}
