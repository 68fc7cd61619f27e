package dev.rolesanywhere.emulator.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;

/** Verifies a Roles Anywhere signature over a string to sign with a certificate's public key. */
final class SignatureCheck {
    private SignatureCheck() {
    }

    static boolean verify(KeyKind kind, PublicKey key, String stringToSign, byte[] signature) {
        try {
            Signature verifier;
            PublicKey verificationKey = key;
            switch (kind) {
                case RSA:
                    verifier = Signature.getInstance("SHA256withRSA");
                    break;
                case EC:
                    // SHA-256 whatever the curve, DER SEQUENCE{r, s}: the JDK's format.
                    verifier = Signature.getInstance("SHA256withECDSA");
                    break;
                case ML_DSA:
                    // Pure ML-DSA, empty context; the JDK cannot build an ML-DSA key, so re-read it with BC.
                    verificationKey = KeyFactory.getInstance("ML-DSA", EmulatorBouncyCastle.provider())
                            .generatePublic(new X509EncodedKeySpec(key.getEncoded()));
                    verifier = Signature.getInstance("ML-DSA", EmulatorBouncyCastle.provider());
                    break;
                default:
                    return false;
            }
            verifier.initVerify(verificationKey);
            verifier.update(stringToSign.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed signature (bad DER, wrong length) is just an invalid signature to the caller.
            return false;
        }
    }
}
