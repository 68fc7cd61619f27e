package dev.rolesanywhere.cli;

import dev.rolesanywhere.cli.internal.CredentialsFetcher;
import dev.rolesanywhere.cli.internal.Json;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.spi.SignerSpec;
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

/** Describes the certificate a configuration points at, to check it is the one intended. */
@Command(name = "read-certificate-data", mixinStandardHelpOptions = true,
        description = {"Describe the certificate as JSON: keyType, certificateData (base64 DER), serialNumber (decimal),"
                + " supportedAlgorithms, plus subject, issuer, notAfter and, for a token, the URI it was found by."})
final class ReadCertificateDataCommand implements Callable<Integer> {

    @ParentCommand
    private RolesAnywhereCommand parent;

    @Mixin
    private SignerOptions options;

    @Override
    public Integer call() throws CertificateEncodingException {
        try (Signer signer = CredentialsFetcher.openSigner(parent.context(), options.settings())) {
            Signer current = signer.current();
            X509Certificate certificate = current.certificate();
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("keyType", keyType(current.algorithm()));
            fields.put("certificateData", Base64.getEncoder().encodeToString(certificate.getEncoded()));
            fields.put("serialNumber", certificate.getSerialNumber().toString());
            fields.put("supportedAlgorithms", List.of(current.algorithm().headerValue()));
            fields.put("subject", certificate.getSubjectX500Principal().getName());
            fields.put("issuer", certificate.getIssuerX500Principal().getName());
            fields.put("notAfter", certificate.getNotAfter().toInstant().toString());
            if (options.certificate.regionMatches(true, 0, "pkcs11:", 0, 7)) {
                fields.put("uri", SignerSpec.redact(options.certificate));
            }
            parent.context().out().println(Json.object(fields));
        }
        return 0;
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
