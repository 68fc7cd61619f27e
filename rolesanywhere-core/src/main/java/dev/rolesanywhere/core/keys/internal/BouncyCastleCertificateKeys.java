package dev.rolesanywhere.core.keys.internal;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.SigningAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * {@link CertificateKey}'s inspection through Bouncy Castle's ASN.1 classes, when they are on the class path: reads
 * the certificate's SubjectPublicKeyInfo itself, so that explicit curve parameters, unknown curves and ML-DSA keys
 * (which JDK 11 and 17 cannot decode) are told apart precisely.
 */
final class BouncyCastleCertificateKeys {

    private static final Map<ASN1ObjectIdentifier, String> CURVES = new HashMap<>();
    private static final Map<ASN1ObjectIdentifier, String> ML_DSA = new HashMap<>();

    static {
        CURVES.put(SECObjectIdentifiers.secp256r1, "P-256");
        CURVES.put(SECObjectIdentifiers.secp384r1, "P-384");
        CURVES.put(SECObjectIdentifiers.secp521r1, "P-521");
        ML_DSA.put(NISTObjectIdentifiers.id_ml_dsa_44, "ML-DSA-44");
        ML_DSA.put(NISTObjectIdentifiers.id_ml_dsa_65, "ML-DSA-65");
        ML_DSA.put(NISTObjectIdentifiers.id_ml_dsa_87, "ML-DSA-87");
    }

    private BouncyCastleCertificateKeys() {
    }

    static CertificateKey inspect(X509Certificate certificate, String source) {
        PublicKey jdkKey = certificate.getPublicKey();
        SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(jdkKey.getEncoded());
        ASN1ObjectIdentifier type = info.getAlgorithm().getAlgorithm();
        if (PKCSObjectIdentifiers.rsaEncryption.equals(type)) {
            return CertificateKey.rsa((RSAPublicKey) decode(jdkKey, RSAPublicKey.class, "RSA", info, source), source);
        }
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
            X962Parameters parameters = X962Parameters.getInstance(info.getAlgorithm().getParameters());
            if (!parameters.isNamedCurve()) {
                throw new KeySourceException("The certificate from " + source + " holds an EC key with explicit curve "
                        + "parameters; IAM Roles Anywhere needs a named curve: reissue it on P-256, P-384 or P-521");
            }
            ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(parameters.getParameters());
            String name = CURVES.get(curve);
            if (name == null) {
                String known = ECNamedCurveTable.getName(curve);
                throw new KeySourceException("The certificate from " + source + " holds an EC key on curve "
                        + (known == null ? curve.getId() : known + " (" + curve.getId() + ")")
                        + ", which IAM Roles Anywhere does not accept: issue a new key on P-256, P-384 or P-521");
            }
            return new CertificateKey(SigningAlgorithm.ECDSA_SHA256, "EC " + name,
                    decode(jdkKey, ECPublicKey.class, "EC", info, source));
        }
        String mlDsa = ML_DSA.get(type);
        if (mlDsa != null) {
            return new CertificateKey(SigningAlgorithm.ML_DSA, mlDsa, decodeMlDsa(info, source));
        }
        throw new KeySourceException("The certificate from " + source + " holds a key of type " + type.getId()
                + " (" + jdkKey.getAlgorithm() + "), which IAM Roles Anywhere does not accept: "
                + "use RSA (2048 to 4096 bits), EC (P-256, P-384, P-521) or ML-DSA");
    }

    // Certificates parsed by an unusual CertificateFactory may hand out an opaque key; rebuild it from its encoding.
    private static PublicKey decode(PublicKey key, Class<? extends PublicKey> expected, String algorithm,
                                    SubjectPublicKeyInfo info, String source) {
        if (expected.isInstance(key)) {
            return key;
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new KeySourceException("The " + algorithm + " public key in the certificate from " + source
                    + " cannot be decoded: " + e.getMessage() + ". Check that the certificate is not corrupted", e);
        }
    }

    // JDK 11 and 17 cannot decode ML-DSA public keys, so the certificate's key is rebuilt through Bouncy Castle.
    private static PublicKey decodeMlDsa(SubjectPublicKeyInfo info, String source) {
        try {
            return KeyFactory.getInstance("ML-DSA", BouncyCastle.provider())
                    .generatePublic(new X509EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new KeySourceException("The ML-DSA public key in the certificate from " + source
                    + " cannot be decoded: " + e.getMessage() + ". Check that the certificate is not corrupted", e);
        }
    }
}
