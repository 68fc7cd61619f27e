package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.Inventories;
import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.cli.internal.PinPrompt;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.pkcs11.TokenInventory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * Describes the certificate a configuration points at, to check it is the one intended: for a file, the certificate
 * (its key is loaded too, as the signer would); for a {@code pkcs11:} URI, every certificate the URI matches.
 */
@Command(name = "read-certificate-data", mixinStandardHelpOptions = true,
        description = {"Describe the certificate as JSON: keyType, certificateData (base64 DER), serialNumber (decimal),"
                + " supportedAlgorithms, subject, issuer, notAfter.",
            "For a pkcs11: URI: one such line per matching certificate, each with the full pkcs11: URI naming it; no"
                + " key or PIN is needed unless the certificate is private."})
final class ReadCertificateDataCommand implements Callable<Integer> {

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SignerOptions options;

    @Override
    public Integer call() throws CertificateEncodingException {
        if (SignerSpec.isPkcs11Uri(options.certificate)) {
            return describeTokenCertificates();
        }
        try (Signer signer = Signers.fromSpec(options.signerSpec(parent.context()))) {
            Signer current = signer.current();
            Map<String, Object> fields = describe(current.certificate(), current.algorithm());
            parent.context().out().println(Json.object(fields));
        }
        return 0;
    }

    /**
     * Every certificate the URI matches, one JSON object per line, each with the full URI naming it. No private key
     * is needed to describe a certificate, so none is looked for; a PIN is used only when one is configured, to
     * see private certificates.
     */
    private int describeTokenCertificates() throws CertificateEncodingException {
        Path module = options.pkcs11Lib == null ? null : Paths.get(options.pkcs11Lib);
        try (TokenInventory inventory = Inventories.open(parent.context(), options.certificate, "--certificate", module,
                false)) {
            List<TokenInventory.CertificateEntry> certificates = inventory.certificates();
            if (certificates.isEmpty()) {
                throw new KeySourceException("No certificate matches " + SignerSpec.redact(options.certificate)
                        + (inventory.logsIn() ? "" : " among the certificates visible without login (for a private "
                        + "certificate, add pin-source to the URI or set " + PinPrompt.PIN_VARIABLE + ")")
                        + ". 'rolesanywhere pkcs11 list' shows what the tokens hold");
            }
            for (TokenInventory.CertificateEntry c : certificates) {
                SigningAlgorithm algorithm;
                try {
                    algorithm = SigningAlgorithm.forKey(c.certificate().getPublicKey());
                } catch (IllegalArgumentException e) {
                    algorithm = null;
                }
                Map<String, Object> fields = describe(c.certificate(), algorithm);
                fields.put("uri", c.uri().toUriString(false));
                parent.context().out().println(Json.object(fields));
            }
        }
        return 0;
    }

    /** @param algorithm null for a key IAM Roles Anywhere cannot use */
    private static Map<String, Object> describe(X509Certificate certificate, SigningAlgorithm algorithm)
            throws CertificateEncodingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("keyType", algorithm == null ? certificate.getPublicKey().getAlgorithm() : keyType(algorithm));
        fields.put("certificateData", Base64.getEncoder().encodeToString(certificate.getEncoded()));
        fields.put("serialNumber", certificate.getSerialNumber().toString());
        fields.put("supportedAlgorithms", algorithm == null ? List.of() : List.of(algorithm.headerValue()));
        fields.put("subject", certificate.getSubjectX500Principal().getName());
        fields.put("issuer", certificate.getIssuerX500Principal().getName());
        fields.put("notAfter", certificate.getNotAfter().toInstant().toString());
        return fields;
    }

    private static String keyType(SigningAlgorithm algorithm) {
        switch (algorithm) {
            case RSA_SHA256:
                return "RSA";
            case ECDSA_SHA256:
                return "EC";
            default:
                return "ML-DSA";
        }
    }
}
