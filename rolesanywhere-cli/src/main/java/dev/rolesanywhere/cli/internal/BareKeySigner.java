package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.SigningException;
import dev.rolesanywhere.core.keys.KeyFiles;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;

/**
 * A private key file without its certificate, as {@code sign-string --private-key key.pem} takes it: the public key
 * (which the signed message embeds) is derived from the private one.
 */
public final class BareKeySigner {

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private BareKeySigner(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** @param password for an encrypted key, or null; read, not kept */
    public static BareKeySigner read(String file, char[] password) {
        PrivateKey key = KeyFiles.privateKey(Paths.get(file), password);
        return new BareKeySigner(key, publicKeyOf(key, file));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** RSA PKCS#1 v1.5 or DER ECDSA with {@code hash}. */
    public byte[] sign(byte[] data, HashAlgorithm hash) {
        try {
            Signature signature = Signature.getInstance(hash.signatureName(SigningAlgorithm.forKey(publicKey)));
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningException("The key cannot sign with " + hash.jcaName() + ": " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKeyOf(PrivateKey key, String file) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(
                        new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                org.bouncycastle.math.ec.ECPoint q = EC5Util.convertSpec(ec.getParams()).getG().multiply(ec.getS())
                        .normalize();
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
                        q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger()), ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new KeySourceException("The public half of the key in " + file + " cannot be derived: "
                    + e.getMessage(), e);
        }
        throw new KeySourceException("sign-string without --certificate supports RSA and EC keys; " + file
                + " holds a " + key.getAlgorithm() + " key: give its certificate with --certificate");
    }
}
