package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import dev.rolesanywhere.pkcs11.TokenInventory;
import java.nio.file.Path;

/** Opens a {@link TokenInventory} for a command: the URI as given, the module flag, and where a PIN may come from. */
public final class Inventories {

    private Inventories() {
    }

    /**
     * A PIN written in the URI wins. Otherwise {@value PinPrompt#PIN_VARIABLE} is used when set, and the terminal is
     * asked only when {@code mayPrompt}: looking at a token should not demand a PIN unless the user asked to log in.
     *
     * @param flag the option that carried {@code uri}, for messages
     */
    public static TokenInventory open(CliContext context, String uri, String flag, Path module, boolean mayPrompt) {
        Pkcs11Uri parsed = uri == null ? Pkcs11Uri.any() : parse(uri, flag);
        TokenInventory.Builder b = TokenInventory.builder().uri(parsed);
        if (module != null) {
            b.modulePath(module);
        }
        boolean uriCarriesPin = parsed.hasPinValue() || parsed.pinSource().isPresent();
        if (!uriCarriesPin && (mayPrompt || context.env(PinPrompt.PIN_VARIABLE) != null)) {
            b.pinCallback(new PinPrompt(context));
        }
        return b.build();
    }

    /** @param flag the option that carried {@code uri}, for messages */
    public static Pkcs11Uri parse(String uri, String flag) {
        try {
            return Pkcs11Uri.parse(uri);
        } catch (Pkcs11UriException e) {
            throw new ConfigurationException("The pkcs11: URI of " + flag + " is malformed: " + e.getMessage(), e);
        }
    }
}
