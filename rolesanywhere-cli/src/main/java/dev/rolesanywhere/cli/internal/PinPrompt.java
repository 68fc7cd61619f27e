package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;

/**
 * Supplies a token PIN when the {@code pkcs11:} URI carries neither {@code pin-value} nor {@code pin-source}: first
 * from the environment variable {@value #PIN_VARIABLE}, then by asking on the controlling terminal without echo (which
 * works under {@code credential_process} too). With neither, it fails at once rather than wait for input that can
 * never come.
 *
 * <p>The token layer calls this at most once per login and never again after a rejected PIN.
 */
public final class PinPrompt implements PinCallback {

    /** Environment variable holding the user PIN. */
    public static final String PIN_VARIABLE = "ROLESANYWHERE_PKCS11_PIN";

    private final CliContext context;

    public PinPrompt(CliContext context) {
        this.context = context;
    }

    /**
     * Asks on the terminal for the PIN a key wants before every signature ({@code CKA_ALWAYS_AUTHENTICATE}): with
     * {@code --reuse-pin}, only once the token has rejected the user PIN for it, as the reference tool does. Null
     * without a terminal, where nobody could answer.
     */
    public static PinCallback contextSpecific(CliContext context) {
        SecretPrompt terminal = context.terminal();
        if (terminal == null) {
            return null;
        }
        return new PinCallback() {
            @Override
            public char[] pin() {
                char[] pin = terminal.ask("Context-specific PIN for the signing key: ");
                if (pin == null) {
                    throw new KeySourceException("No context-specific PIN entered for the token (end of input)");
                }
                return pin;
            }

            @Override
            public boolean isReusable() {
                return false;
            }
        };
    }

    /** A PIN from the environment can be given again silently; a person at a terminal is asked only once. */
    @Override
    public boolean isReusable() {
        return context.env(PIN_VARIABLE) != null;
    }

    @Override
    public char[] pin() {
        String fromEnvironment = context.env(PIN_VARIABLE);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        SecretPrompt terminal = context.terminal();
        if (terminal == null) {
            throw new KeySourceException("The token needs a PIN and there is no terminal to ask"
                    + " for it; add pin-source=file:/path/to/pin to the pkcs11: URI, or set " + PIN_VARIABLE);
        }
        char[] pin = terminal.ask("Token PIN: ");
        if (pin == null) {
            throw new KeySourceException("No PIN entered for the token (end of input)");
        }
        return pin;
    }
}
