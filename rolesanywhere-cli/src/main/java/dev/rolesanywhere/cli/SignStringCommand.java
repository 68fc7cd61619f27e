package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.cli.internal.SignStringMessage;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.Signers;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Signs the fixed test message, to check that a key (on disk or on a token) can sign as CreateSession needs. */
@Command(name = "sign-string", mixinStandardHelpOptions = true,
        description = {"Sign the fixed test message with the key, as CreateSession would (diagnostic).",
            "Output: text = lower-case hex; json = {\"algorithm\",\"digest\",\"signature\"}; bin = the raw signature."})
final class SignStringCommand implements Callable<Integer> {

    enum Digest { SHA256, SHA384, SHA512 }

    enum Format { text, json, bin }

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SignerOptions options;

    @Option(names = "--digest", defaultValue = "SHA256", description = "Digest: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private Digest digest;

    @Option(names = "--format", defaultValue = "text", description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private Format format;

    @Override
    public Integer call() {
        if (digest != Digest.SHA256) {
            // Key sources sign with the algorithm CreateSession uses; a token key never leaves the token to be
            // re-used with another digest.
            throw new ConfigurationException("--digest " + digest + " is not supported: keys sign with SHA-256, the "
                    + "digest IAM Roles Anywhere uses; omit --digest or pass --digest SHA256");
        }
        try (Signer signer = Signers.fromSpec(options.signerSpec(parent.context()))) {
            Signer current = signer.current();
            byte[] signature = current.sign(SignStringMessage.message(current.certificate().getPublicKey()));
            switch (format) {
                case bin:
                    parent.context().out().writeBytes(signature);
                    break;
                case json:
                    Map<String, Object> fields = new LinkedHashMap<>();
                    fields.put("algorithm", current.algorithm().headerValue());
                    fields.put("digest", digest.name());
                    fields.put("signature", HexFormat.of().formatHex(signature));
                    parent.context().out().println(Json.object(fields));
                    break;
                default:
                    parent.context().out().println(HexFormat.of().formatHex(signature));
                    break;
            }
            parent.context().out().flush();
        }
        return 0;
    }
}
