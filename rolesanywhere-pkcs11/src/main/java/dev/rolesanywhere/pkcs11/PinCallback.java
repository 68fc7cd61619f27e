package dev.rolesanywhere.pkcs11;

import dev.rolesanywhere.pkcs11.internal.pin.PinSources;
import java.nio.file.Path;

/**
 * Supplies the user PIN for a token login.
 *
 * <p>Each call returns a fresh array that the caller owns and wipes ({@code Arrays.fill(pin, '\0')}) as soon as the
 * login returns. The library calls it only when a login is needed and never retries a PIN the token rejected.
 *
 * <p>Ready-made sources: {@link #ofFile(Path)}, {@link #ofEnvironmentVariable(String)}, and the URI's own
 * {@code pin-value} / {@code pin-source} through {@link Pkcs11Uri#pinCallback()}.
 */
@FunctionalInterface
public interface PinCallback {

    /**
     * The PIN, in a new array the caller wipes after use.
     *
     * @throws dev.rolesanywhere.core.RolesAnywhereException when the PIN cannot be obtained (missing file, unset
     *     variable); the message names the source, never the PIN
     */
    char[] pin();

    /**
     * Whether the library may call {@link #pin()} again without bothering a person, e.g. to log in once more after
     * the token was re-inserted. True for files, variables and fixed values; interactive prompts override this to
     * return false so that a re-login surfaces as an error instead of an unexpected prompt.
     */
    default boolean isReusable() {
        return true;
    }

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
