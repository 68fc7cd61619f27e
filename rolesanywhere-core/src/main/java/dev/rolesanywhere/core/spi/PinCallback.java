package dev.rolesanywhere.core.spi;

/**
 * Supplies a token's user PIN when the {@code pkcs11:} URI carries none: a console prompt, a dialog, a secrets
 * manager. Same shape as {@code dev.rolesanywhere.pkcs11.PinCallback}, so the PKCS#11 factory adapts it directly;
 * it lives here so that configuration code can carry it without depending on the PKCS#11 module.
 *
 * <p>A PIN the token rejected is reported as an error and never asked for again automatically: smart cards lock after
 * a few failures.
 */
@FunctionalInterface
public interface PinCallback {

    /**
     * The PIN, in a new array the caller wipes as soon as the login returns.
     *
     * @throws dev.rolesanywhere.core.RolesAnywhereException when no PIN can be obtained; the message never holds one
     */
    char[] pin();

    /**
     * Whether the PIN may be asked for again without bothering a person (after a token is re-inserted). Interactive
     * prompts return false so that a second login surfaces as an error rather than an unexpected prompt.
     */
    default boolean isReusable() {
        return true;
    }
}
