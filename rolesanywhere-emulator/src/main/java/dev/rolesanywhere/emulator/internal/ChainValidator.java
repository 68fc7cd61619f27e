package dev.rolesanywhere.emulator.internal;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;

/**
 * PKIX path validation of a client chain against one trust anchor, revocation checking off (revoked serials are the
 * emulator's own list). The JDK validator is used unless a certificate is signed with an algorithm the running JDK
 * lacks (ML-DSA before Java 24); then Bouncy Castle's validator does the same job.
 */
final class ChainValidator {
    private ChainValidator() {
    }

    /** Null when the chain is valid at {@code at}; otherwise why not. */
    static String validate(X509Certificate leaf, List<X509Certificate> intermediates, X509Certificate anchor,
            Instant at) {
        List<X509Certificate> path = orderedPath(leaf, intermediates, anchor);
        try {
            boolean jdkCan = jdkSupports(anchor);
            for (X509Certificate certificate : path) {
                jdkCan &= jdkSupports(certificate);
            }
            CertificateFactory factory = jdkCan ? CertificateFactory.getInstance("X.509")
                    : CertificateFactory.getInstance("X.509", EmulatorBouncyCastle.provider());
            if (!jdkCan) {
                // Bouncy Castle's validator needs its own certificate objects to verify ML-DSA signatures.
                for (int i = 0; i < path.size(); i++) {
                    path.set(i, reparse(factory, path.get(i)));
                }
                anchor = reparse(factory, anchor);
            }
            CertPath certPath = factory.generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Collections.singleton(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator validator = jdkCan ? CertPathValidator.getInstance("PKIX")
                    : CertPathValidator.getInstance("PKIX", EmulatorBouncyCastle.provider());
            validator.validate(certPath, parameters);
            return null;
        } catch (GeneralSecurityException | RuntimeException e) {
            StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()));
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                reason.append(": ").append(cause.getMessage());
            }
            return reason.toString();
        }
    }

    /**
     * The leaf, then each issuer in turn. Clients send intermediates in whatever order their bundle had, and PKIX
     * wants the path in order; the root, if sent, is left out because a PKIX path ends below the trust anchor.
     * Certificates that link to nothing stay at the end, so the validator reports them.
     */
    private static List<X509Certificate> orderedPath(X509Certificate leaf, List<X509Certificate> intermediates,
            X509Certificate anchor) {
        List<X509Certificate> remaining = new ArrayList<>();
        for (X509Certificate intermediate : intermediates) {
            if (!intermediate.equals(anchor)) {
                remaining.add(intermediate);
            }
        }
        List<X509Certificate> path = new ArrayList<>(remaining.size() + 1);
        path.add(leaf);
        X509Certificate current = leaf;
        boolean linked = true;
        while (linked && !remaining.isEmpty()) {
            linked = false;
            for (X509Certificate candidate : remaining) {
                if (candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                        && !candidate.equals(current)) {
                    path.add(candidate);
                    remaining.remove(candidate);
                    current = candidate;
                    linked = true;
                    break;
                }
            }
        }
        path.addAll(remaining);
        return path;
    }

    private static X509Certificate reparse(CertificateFactory factory, X509Certificate certificate)
            throws GeneralSecurityException {
        return (X509Certificate) factory.generateCertificate(
                new ByteArrayInputStream(certificate.getEncoded()));
    }

    private static boolean jdkSupports(X509Certificate certificate) {
        try {
            Signature.getInstance(certificate.getSigAlgName());
            return KeyKind.of(certificate.getPublicKey()) != KeyKind.ML_DSA;
        } catch (NoSuchAlgorithmException e) {
            return false;
        }
    }
}
