package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CliContext;
import dev.rolesanywhere.cli.internal.Inventories;
import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.cli.internal.KeyPasswords;
import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.keys.KeyFiles;
import dev.rolesanywhere.pkcs11.TokenInventory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Describes the certificate a configuration points at, to check it is the one intended, in the reference tool's
 * words: for a file, its JSON (keyType, certificateData, serialNumber, supportedAlgorithms), needing no key; for a
 * {@code pkcs11:} URI, the matching certificates as text ({@code Matching identities}) or, with {@code --format json},
 * one JSON line each with the full URI naming it.
 */
@Command(name = "read-certificate-data", mixinStandardHelpOptions = true,
        description = {"Describe the certificate; no private key is needed.",
            "A file: {\"keyType\",\"certificateData\" (base64 DER),\"serialNumber\" (decimal),"
                    + "\"supportedAlgorithms\"}, without a line ending, as the reference tool prints it; --details "
                    + "adds subject, issuer and notAfter.",
            "A pkcs11: URI: 'Matching identities' and, for each certificate, its SHA-1 fingerprint, subject and URI; "
                    + "--format json prints one JSON line per certificate instead, with the URI. No PIN is needed "
                    + "unless the certificate is private."})
final class ReadCertificateDataCommand implements Callable<Integer> {

    private static final String RSA = "1.2.840.113549.1.1.1";
    private static final String EC = "1.2.840.10045.2.1";
    private static final Map<String, String> ML_DSA = Map.of("2.16.840.1.101.3.4.3.17", "ML-DSA-44",
            "2.16.840.1.101.3.4.3.18", "ML-DSA-65", "2.16.840.1.101.3.4.3.19", "ML-DSA-87");

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SignerOptions options;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "For a pkcs11: URI: text (default, the reference's) or json (one line per certificate)")
    private String format;

    @Option(names = "--details", arity = "0..1", description = "Add subject, issuer and notAfter to the JSON")
    private boolean details;

    @Override
    public Integer call() throws CertificateEncodingException {
        CliContext context = parent.context();
        options.referenceOnly.check(context, options.debug);
        String certificate = SignerOptions.given(options.certificate);
        if (certificate == null) {
            throw new ConfigurationException("Missing --certificate; give a PEM, DER or PKCS#12 file, or a pkcs11: "
                    + "URI (the certificate stores of Windows and macOS are not reachable here)");
        }
        String output = SignerOptions.given(format);
        if (output != null && !output.equals("text") && !output.equals("json")) {
            throw new ConfigurationException("Invalid --format '" + output + "': use text or json");
        }
        if (SignerSpec.isPkcs11Uri(certificate)) {
            return describeTokenCertificates(context, certificate, "json".equals(output));
        }
        char[] given = KeyPasswords.given(context, options.pkcs8Password,
                SignerOptions.given(options.pkcs8PasswordFile));
        List<X509Certificate> certificates;
        try {
            certificates = KeyPasswords.load(context, given, password -> KeyFiles.certificates(Paths.get(certificate),
                    password));
        } finally {
            wipe(given);
            wipe(options.pkcs8Password);
        }
        // The reference prints no line ending after the JSON.
        context.out().print(Json.object(describe(certificates.get(0))));
        context.out().flush();
        return 0;
    }

    /**
     * Every certificate the URI matches. No private key is needed to describe a certificate, so none is looked for;
     * a PIN is used only when one is configured, to see private certificates.
     */
    private int describeTokenCertificates(CliContext context, String uri, boolean json)
            throws CertificateEncodingException {
        Path module = SignerOptions.given(options.pkcs11Lib) == null ? null : Paths.get(options.pkcs11Lib);
        PrintStream out = context.out();
        try (TokenInventory inventory = Inventories.open(context, uri, "--certificate", module, false)) {
            List<TokenInventory.CertificateEntry> certificates = inventory.certificates();
            if (certificates.isEmpty() && !inventory.logsIn()) {
                context.err().println("Only certificates visible without login were searched; for a private "
                        + "certificate, add pin-source to the URI or set " + PinPrompt.PIN_VARIABLE
                        + ". 'rolesanywhere pkcs11 list' shows what the tokens hold");
            }
            if (json) {
                for (TokenInventory.CertificateEntry c : certificates) {
                    Map<String, Object> fields = describe(c.certificate());
                    fields.put("uri", c.uri().toUriString(false));
                    out.println(Json.object(fields));
                }
            } else if (certificates.isEmpty()) {
                out.println("No matching identities");
            } else {
                out.println("Matching identities");
                for (int i = 0; i < certificates.size(); i++) {
                    TokenInventory.CertificateEntry c = certificates.get(i);
                    out.println((i + 1) + ") " + HexFormat.of().formatHex(sha1(c.certificate().getEncoded())) + " \""
                            + c.certificate().getSubjectX500Principal().getName() + "\"");
                    out.println("\tURI: " + c.uri().toUriString(false));
                }
            }
            out.flush();
        }
        return 0;
    }

    /** The reference's fields, in its order; the extras only with --details. */
    private Map<String, Object> describe(X509Certificate certificate) throws CertificateEncodingException {
        String keyType = keyType(certificate);
        List<String> algorithms = new ArrayList<>();
        if (ML_DSA.containsValue(keyType)) {
            // Pure ML-DSA signs without a separate digest: its one algorithm is the parameter set.
            algorithms.add(keyType);
        } else {
            for (String digest : List.of("SHA256", "SHA384", "SHA512")) {
                algorithms.add(keyType + digest);
            }
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("keyType", keyType);
        fields.put("certificateData", Base64.getEncoder().encodeToString(certificate.getEncoded()));
        fields.put("serialNumber", certificate.getSerialNumber().toString());
        fields.put("supportedAlgorithms", algorithms);
        if (details) {
            fields.put("subject", certificate.getSubjectX500Principal().getName());
            fields.put("issuer", certificate.getIssuerX500Principal().getName());
            fields.put("notAfter", certificate.getNotAfter().toInstant().toString());
        }
        return fields;
    }

    /** RSA, EC, or the ML-DSA parameter set; empty for a key type Roles Anywhere does not accept, as the reference. */
    private static String keyType(X509Certificate certificate) {
        String oid = SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded()).getAlgorithm()
                .getAlgorithm().getId();
        return RSA.equals(oid) ? "RSA" : EC.equals(oid) ? "EC" : ML_DSA.getOrDefault(oid, "");
    }

    private static byte[] sha1(byte[] der) {
        try {
            // A fingerprint to recognise a certificate by, as the reference prints it; not a security decision.
            return MessageDigest.getInstance("SHA-1").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }

    private static void wipe(char[] secret) {
        if (secret != null) {
            Arrays.fill(secret, '\0');
        }
    }
}
