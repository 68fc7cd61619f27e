package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.pkcs11.internal.pin.PinSources;
import java.nio.file.Path;

/**
 * Supplies the user PIN for a token login: the core {@link dev.rolesanywhere.core.spi.PinCallback} (which the
 * signer accepts, so callbacks from the credentials provider or the command line work unchanged) plus ready-made
 * sources.
 *
 * <p>Each call returns a fresh array that the caller owns and wipes ({@code Arrays.fill(pin, '\0')}) as soon as the
 * login returns. The library calls it only when a login is needed and never retries a PIN the token rejected.
 *
 * <p>Ready-made sources: {@link #ofFile(Path)}, {@link #ofEnvironmentVariable(String)}, and the URI's own
 * {@code pin-value} / {@code pin-source} through {@link Pkcs11Uri#pinCallback()}.
 */
@FunctionalInterface
public interface PinCallback extends dev.rolesanywhere.core.spi.PinCallback {

    /**
     * Reads the first line of {@code file} on every call (so a rotated PIN file is picked up), without the line
     * ending. Logs a warning once when the file is readable by group or others.
     */
    static PinCallback ofFile(Path file) {
        return PinSources.file(file);
    }

    /** Reads the environment variable {@code name} on every call. */
    static PinCallback ofEnvironmentVariable(String name) {
        return PinSources.environmentVariable(name);
    }

    /** A fixed PIN, copied now; wipe your own array afterwards. Intended for tests and PINs already in memory. */
    static PinCallback ofValue(char[] pin) {
        return PinSources.fixed(pin);
    }
}
