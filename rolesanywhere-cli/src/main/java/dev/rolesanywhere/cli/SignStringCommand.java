package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.BareKeySigner;
import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.cli.internal.KeyPasswords;
import dev.rolesanywhere.cli.internal.SignStringMessage;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.Signer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Signs the fixed test message, to check that a key (on disk or on a token) can sign as CreateSession needs. The
 * output is the reference tool's, byte for byte: no line ending, {@code json} a JSON string of the hex signature.
 */
@Command(name = "sign-string", mixinStandardHelpOptions = true,
        description = {"Sign the fixed test message with the key, as CreateSession would (diagnostic).",
            "Output, without a line ending: json (default) = the hex signature as a JSON string; text = the hex "
                    + "signature; bin = the raw signature.",
            "The key alone is enough: --private-key FILE, or --private-key pkcs11:... (its certificate is found on "
                    + "the token)."})
final class SignStringCommand implements Callable<Integer> {

    enum Format { json, text, bin }

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SignerOptions options;

    @Option(names = "--digest", paramLabel = "DIGEST", description = "SHA256 (default), SHA384 or SHA512")
    private String digest;

    @Option(names = "--format", paramLabel = "FORMAT", description = "json (default), text or bin")
    private String format;

    @Override
    public Integer call() {
        CliContext context = parent.context();
        HashAlgorithm hash = choice(digest, HashAlgorithm.class, HashAlgorithm.SHA256, "--digest");
        Format output = choice(format, Format.class, Format.json, "--format");
        byte[] signature = sign(context, hash);
        switch (output) {
            case bin:
                context.out().writeBytes(signature);
                break;
            case text:
                context.out().print(HexFormat.of().formatHex(signature));
                break;
            default:
                context.out().print(Json.string(HexFormat.of().formatHex(signature)));
                break;
        }
        context.out().flush();
        return 0;
    }

    private byte[] sign(CliContext context, HashAlgorithm hash) {
        String key = SignerOptions.given(options.privateKey);
        if (SignerOptions.given(options.certificate) == null && key != null) {
            if (!key.regionMatches(true, 0, "pkcs11:", 0, 7)) {
                options.referenceOnly.check(context, options.debug);
                char[] given = KeyPasswords.given(context, options.pkcs8Password, SignerOptions.given(
                        options.pkcs8PasswordFile));
                try {
                    BareKeySigner bare = KeyPasswords.load(context, given, password -> BareKeySigner.read(key,
                            password));
                    return bare.sign(SignStringMessage.message(bare.publicKey()), hash);
                } finally {
                    wipe(given);
                    wipe(options.pkcs8Password);
                }
            }
            // On a token the certificate is found next to the key, as the signer always finds them.
            options.certificate = withoutObjectType(key);
        }
        try (Signer signer = SignerOptions.open(options.signerSpec(context), context)) {
            Signer current = signer.current();
            return current.sign(SignStringMessage.message(current.certificate().getPublicKey()), hash);
        }
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }

    /** The URI with its {@code type} attribute removed, so it names the certificate as well as the key. */
    static String withoutObjectType(String uri) {
        int query = uri.indexOf('?');
        String path = query < 0 ? uri.substring(7) : uri.substring(7, query);
        StringBuilder kept = new StringBuilder("pkcs11:");
        for (String attribute : path.split(";", -1)) {
            if (!attribute.isEmpty() && !attribute.toLowerCase(Locale.ROOT).startsWith("type=")) {
                kept.append(kept.length() > 7 ? ";" : "").append(attribute);
            }
        }
        return kept + (query < 0 ? "" : uri.substring(query));
    }

    /** The reference's spelling, exactly: SHA384, not sha384. */
    private static <E extends Enum<E>> E choice(String value, Class<E> type, E otherwise, String flag) {
        String given = SignerOptions.given(value);
        if (given == null) {
            return otherwise;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(given)) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            allowed.append(allowed.length() == 0 ? "" : ", ").append(constant.name());
        }
        throw new ConfigurationException("Invalid " + flag + " '" + given + "': use one of " + allowed);
    }
}
