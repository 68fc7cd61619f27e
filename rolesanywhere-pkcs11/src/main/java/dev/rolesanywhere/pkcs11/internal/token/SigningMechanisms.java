package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The PKCS#11 mechanisms that produce the signature Roles Anywhere expects with one key, best first: those in this
 * class's preference order that the token offers and, when the key carries {@code CKA_ALLOWED_MECHANISMS}, that the
 * key allows. HSM policies routinely restrict keys to {@code CKM_RSA_PKCS} or to one hashing variant; a key restricted
 * that way still signs, with the hashing (and for raw RSA the DigestInfo) done here instead.
 */
public final class SigningMechanisms {
    /** The token hashes (one call carries the whole message); raw RSA over a local DigestInfo otherwise. */
    private static final long[] RSA = {Ckm.CKM_SHA256_RSA_PKCS, Ckm.CKM_RSA_PKCS};
    /** A local SHA-256 sends 32 bytes instead of the message; the token's own hashing when only that is allowed. */
    private static final long[] EC = {Ckm.CKM_ECDSA, Ckm.CKM_ECDSA_SHA256};

    private SigningMechanisms() {
    }

    /**
     * The usable mechanisms for {@code algorithm} with {@code key}, best first.
     *
     * @param offered the token's {@code C_GetMechanismList}
     * @throws KeySourceException when none is usable, naming what the token offers and what the key allows
     */
    public static List<Long> choose(Token token, SigningAlgorithm algorithm, long[] offered, PrivateKeyObject key) {
        long[] preference = algorithm == SigningAlgorithm.RSA_SHA256 ? RSA : EC;
        long[] allowed = key.allowedMechanisms();
        List<Long> usable = new ArrayList<>();
        for (long m : preference) {
            if (contains(offered, m) && (allowed == null || contains(allowed, m))) {
                usable.add(m);
            }
        }
        if (!usable.isEmpty()) {
            return Collections.unmodifiableList(usable);
        }
        String wanted = names(preference);
        if (allowed == null || !intersects(offered, preference)) {
            throw new KeySourceException(token.displayName() + " offers neither " + wanted + ", so its "
                    + kind(algorithm) + " keys cannot make the signature IAM Roles Anywhere needs. Use a token that "
                    + "supports one of them");
        }
        throw new KeySourceException("The key '" + key.label() + "' on " + token.displayName() + " allows only "
                + names(allowed) + " (CKA_ALLOWED_MECHANISMS), and the signature IAM Roles Anywhere needs takes one "
                + "of " + wanted + " that the token offers. Generate or import the key with one of them allowed");
    }

    /** The token's own name for a mechanism this class chooses, else its number. */
    static String name(long mechanism) {
        if (mechanism == Ckm.CKM_SHA256_RSA_PKCS) {
            return "CKM_SHA256_RSA_PKCS";
        }
        if (mechanism == Ckm.CKM_RSA_PKCS) {
            return "CKM_RSA_PKCS";
        }
        if (mechanism == Ckm.CKM_ECDSA) {
            return "CKM_ECDSA";
        }
        if (mechanism == Ckm.CKM_ECDSA_SHA256) {
            return "CKM_ECDSA_SHA256";
        }
        return "0x" + Long.toHexString(mechanism);
    }

    private static String names(long[] mechanisms) {
        List<String> names = new ArrayList<>();
        for (long m : mechanisms) {
            names.add(name(m));
        }
        return names.isEmpty() ? "no mechanism" : String.join(", ", names);
    }

    private static String kind(SigningAlgorithm algorithm) {
        return algorithm == SigningAlgorithm.RSA_SHA256 ? "RSA" : "EC";
    }

    private static boolean intersects(long[] values, long[] wanted) {
        for (long w : wanted) {
            if (contains(values, w)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(long[] values, long wanted) {
        for (long v : values) {
            if (v == wanted) {
                return true;
            }
        }
        return false;
    }
}
