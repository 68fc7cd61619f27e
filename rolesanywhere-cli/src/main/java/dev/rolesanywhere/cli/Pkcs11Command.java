package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.Pkcs11UriException;
import dev.rolesanywhere.pkcs11.TokenProvisioner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Prepares a token for Roles Anywhere (a key generated inside it, a certificate request, the issued certificate) and
 * shows what is on it.
 */
@Command(name = "pkcs11", mixinStandardHelpOptions = true,
        description = "Provision a PKCS#11 token: generate a key on it, then import the certificate issued for it; "
                + "list what is on the tokens.",
        subcommands = {Pkcs11ListCommand.class, Pkcs11Command.Keygen.class, Pkcs11Command.ImportCert.class})
final class Pkcs11Command {

    @ParentCommand
    RolesAnywhereCommand parent;

    /** The options every token operation needs. */
    static final class TokenOptions {
        @Option(names = "--token", paramLabel = "URI", required = true,
                description = "pkcs11: URI selecting exactly one token, e.g. pkcs11:token=my-token")
        String token;

        @Option(names = "--pkcs11-lib", paramLabel = "FILE", description = "PKCS#11 module (default: module-path in the "
                + "URI, else p11-kit-proxy)")
        Path pkcs11Lib;

        @Option(names = "--id", paramLabel = "HEX", required = true, description = "CKA_ID of the key, in hex (e.g. 01)")
        String id;

        @Option(names = "--label", paramLabel = "NAME", required = true, description = "CKA_LABEL of the key")
        String label;

        byte[] idBytes() {
            try {
                byte[] bytes = HexFormat.of().parseHex(id);
                if (bytes.length == 0) {
                    throw new IllegalArgumentException("empty");
                }
                return bytes;
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("--id '" + id + "' is not a hex string; write the CKA_ID as hex "
                        + "digits, e.g. --id 01 or --id a1b2", e);
            }
        }

        TokenProvisioner open(CliContext context) {
            idBytes();
            Pkcs11Uri uri;
            try {
                uri = Pkcs11Uri.parse(token);
            } catch (Pkcs11UriException e) {
                throw new ConfigurationException("The pkcs11: URI of --token is malformed: " + e.getMessage(), e);
            }
            TokenProvisioner.Builder b = TokenProvisioner.builder().uri(uri);
            if (pkcs11Lib != null) {
                b.modulePath(pkcs11Lib);
            }
            if (uri.pinCallback().isEmpty()) {
                PinPrompt prompt = new PinPrompt(context);
                b.pinCallback(new PinCallback() {
                    @Override
                    public char[] pin() {
                        return prompt.pin();
                    }

                    @Override
                    public boolean isReusable() {
                        return prompt.isReusable();
                    }
                });
            }
            return b.build();
        }

        /** The URI a credential-process configuration can use for this key and its certificate. */
        String keyUri() {
            String base = token.contains("?") ? token.substring(0, token.indexOf('?')) : token;
            StringBuilder id = new StringBuilder();
            for (byte b : idBytes()) {
                id.append('%').append(String.format("%02x", b & 0xff));
            }
            return base + ";id=" + id + ";object=" + encodeLabel(label);
        }

        private static String encodeLabel(String label) {
            StringBuilder out = new StringBuilder();
            for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((Character.isLetterOrDigit(c) && c < 128) || "-._~".indexOf(c) >= 0) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            return out.toString();
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
            description = {"Generate a key pair inside the token (never extractable) and, with --subject, print a PKCS#10"
                    + " certificate request for your CA on stdout (or into --csr).",
                "Then import the issued certificate with 'pkcs11 import-cert' using the same --id and --label."})
    static final class Keygen implements Callable<Integer> {
        @ParentCommand
        Pkcs11Command group;

        @picocli.CommandLine.Mixin
        TokenOptions options = new TokenOptions();

        @Option(names = "--key-type", defaultValue = "EC_P256",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
        TokenProvisioner.KeyType keyType;

        @Option(names = "--subject", paramLabel = "DN", description = "Subject of the certificate request, e.g. CN=host-42")
        String subject;

        @Option(names = "--csr", paramLabel = "FILE", description = "Write the certificate request here instead of stdout")
        Path csr;

        @Override
        public Integer call() throws IOException {
            CliContext context = group.parent.context();
            if (csr != null && subject == null) {
                throw new ConfigurationException("--csr needs --subject, the name to request, e.g. --subject CN=host-42");
            }
            try (TokenProvisioner provisioner = options.open(context)) {
                TokenProvisioner.GeneratedKey key = provisioner.generateKeyPair(keyType, options.idBytes(), options.label);
                if (subject != null) {
                    String pem = provisioner.certificateRequestPem(key, subject);
                    if (csr != null) {
                        Files.writeString(csr, pem);
                    } else {
                        context.out().print(pem);
                    }
                }
                context.err().println("Generated " + keyType + " key '" + options.label + "' (id " + options.id
                        + "); certificate URI after import: " + options.keyUri());
            }
            return 0;
        }
    }

    @Command(name = "import-cert", mixinStandardHelpOptions = true,
            description = "Store the certificate issued for a key on the token next to it (same --id and --label); a "
                    + "previous certificate with that id is replaced.")
    static final class ImportCert implements Callable<Integer> {
        @ParentCommand
        Pkcs11Command group;

        @picocli.CommandLine.Mixin
        TokenOptions options = new TokenOptions();

        @Option(names = "--cert", paramLabel = "FILE", required = true, description = "The issued certificate (PEM or DER)")
        Path certificate;

        @Option(names = "--ca-certs", paramLabel = "FILE", description = "Intermediate/CA certificates to store too (PEM)")
        Path caCertificates;

        @Override
        public Integer call() {
            CliContext context = group.parent.context();
            List<X509Certificate> leaf = read(certificate, "--cert");
            List<X509Certificate> cas = caCertificates == null ? List.of() : read(caCertificates, "--ca-certs");
            try (TokenProvisioner provisioner = options.open(context)) {
                provisioner.importCertificate(options.idBytes(), options.label, leaf.get(0), cas);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("uri", options.keyUri());
            out.put("serialNumber", leaf.get(0).getSerialNumber().toString());
            out.put("subject", leaf.get(0).getSubjectX500Principal().getName());
            context.out().println(Json.object(out));
            return 0;
        }

        private static List<X509Certificate> read(Path file, String flag) {
            try (InputStream in = Files.newInputStream(file)) {
                List<X509Certificate> certificates = new ArrayList<>();
                for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    certificates.add((X509Certificate) c);
                }
                if (certificates.isEmpty()) {
                    throw new ConfigurationException(flag + " " + SignerSpec.redact(file.toString())
                            + " holds no certificate; give a PEM or DER file");
                }
                return certificates;
            } catch (NoSuchFileException e) {
                throw new ConfigurationException(flag + " " + SignerSpec.redact(file.toString()) + " does not exist",
                        withoutPin(file, e));
            } catch (IOException | CertificateException e) {
                throw new ConfigurationException(flag + " " + SignerSpec.redact(file.toString())
                        + " is not a readable certificate file: " + SignerSpec.redact(e.getMessage()),
                        withoutPin(file, e));
            }
        }

        /** The JDK's exceptions quote a path as given: such a cause is left out when the path carries a PIN. */
        private static Exception withoutPin(Path file, Exception cause) {
            return SignerSpec.redact(file.toString()).equals(file.toString()) ? cause : null;
        }
    }
}
