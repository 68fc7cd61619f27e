package dev.rolesanywhere.emulator.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v1CertificateBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds and signs X.509 certificates with Bouncy Castle; the one place that knows the extension profile. */
public final class CertificateIssuer {

    /** What kind of certificate to produce; decides basic constraints and key usage. */
    public enum Kind {
        CERTIFICATE_AUTHORITY,
        CLIENT,
        TLS_SERVER
    }

    private CertificateIssuer() {
    }

    /**
     * Issues one certificate.
     *
     * @param issuerPublicKey the issuer's public key for the authority key identifier (the subject key when self-signed)
     * @param version 1 (no extensions at all) or 3
     */
    public static X509Certificate issue(X500Name issuer, PrivateKey issuerKey, PublicKey issuerPublicKey,
            String signatureAlgorithm, X500Name subject, PublicKey subjectKey, BigInteger serial,
            Instant notBefore, Instant notAfter, int version, Kind kind, String... subjectAlternativeNames) {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm)
                    .setProvider(EmulatorBouncyCastle.provider()).build(issuerKey);
            SubjectPublicKeyInfo keyInfo = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
            X509CertificateHolder holder;
            if (version == 1) {
                holder = new X509v1CertificateBuilder(issuer, serial, Date.from(notBefore), Date.from(notAfter),
                        subject, keyInfo).build(signer);
            } else if (version == 3) {
                X509v3CertificateBuilder builder = new X509v3CertificateBuilder(issuer, serial,
                        Date.from(notBefore), Date.from(notAfter), subject, keyInfo);
                addExtensions(builder, issuerPublicKey, subjectKey, kind, subjectAlternativeNames);
                holder = builder.build(signer);
            } else {
                throw new IllegalArgumentException("Certificate version must be 1 or 3, got " + version);
            }
            // The JDK's own certificate type, so callers see exactly what a JDK CertificateFactory would produce.
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot issue certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    private static void addExtensions(X509v3CertificateBuilder builder, PublicKey issuerPublicKey,
            PublicKey subjectKey, Kind kind, String[] subjectAlternativeNames)
            throws GeneralSecurityException, CertIOException {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.authorityKeyIdentifier, false,
                utils.createAuthorityKeyIdentifier(issuerPublicKey));
        switch (kind) {
            case CERTIFICATE_AUTHORITY:
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
                break;
            case CLIENT:
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                break;
            case TLS_SERVER:
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                builder.addExtension(Extension.subjectAlternativeName, false,
                        SubjectAlternativeNames.of(subjectAlternativeNames));
                break;
            default:
                throw new IllegalArgumentException("Unknown certificate kind " + kind);
        }
    }
}
