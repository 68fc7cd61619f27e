package dev.rolesanywhere.core;

import dev.rolesanywhere.core.internal.pin.PinSources;
import java.nio.file.Path;

/**
 * Supplies a token's user PIN when the {@code pkcs11:} URI carries none: a file, an environment variable, a console
 * prompt, a dialog, a secrets manager. It lives in core so that configuration code can carry it without depending on
 * the PKCS#11 module.
 *
 * <p>Each call returns a fresh array that the caller owns and wipes ({@code Arrays.fill(pin, '\0')}) as soon as the
 * login returns. The library calls it only when a login is needed; a PIN the token rejected is reported as an error
 * and never presented again automatically: smart cards lock after a few failures.
 *
 * <p>Ready-made sources: {@link #ofFile(Path)}, {@link #ofEnvironmentVariable(String)}, {@link #ofValue(char[])}, and
 * a URI's own {@code pin-value} / {@code pin-source} through {@code Pkcs11Uri.pinCallback()}.
 */
@FunctionalInterface
public interface PinCallback {

    /**
     * The PIN, in a new array the caller wipes as soon as the login returns.
     *
     * @throws RolesAnywhereException when no PIN can be obtained; the message never holds one
     */
    char[] pin();

    /**
     * Whether the PIN may be asked for again without bothering a person (after a token is re-inserted). Interactive
     * prompts return false so that a second login surfaces as an error rather than an unexpected prompt.
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
