package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.AttributeValue;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckk;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import java.util.List;

/**
 * A private key object on a token with the attributes that identify it and its public half, when the token reveals
 * them. Never holds secret material: tokens refuse to reveal it and nothing here asks for it.
 */
public final class PrivateKeyObject {
    private final long handle;
    private final byte[] id;
    private final String label;
    private final long keyType;
    private final boolean alwaysAuthenticate;
    private final byte[] modulus;
    private final byte[] publicExponent;
    private final byte[] ecParams;
    private final byte[] ecPoint;
    private final long[] allowedMechanisms;

    private PrivateKeyObject(long handle, byte[] id, String label, long keyType, boolean alwaysAuthenticate,
            byte[] modulus, byte[] publicExponent, byte[] ecParams, byte[] ecPoint, long[] allowedMechanisms) {
        this.handle = handle;
        this.id = id;
        this.label = label;
        this.keyType = keyType;
        this.alwaysAuthenticate = alwaysAuthenticate;
        this.modulus = modulus;
        this.publicExponent = publicExponent;
        this.ecParams = ecParams;
        this.ecPoint = ecPoint;
        this.allowedMechanisms = allowedMechanisms;
    }

    /** Every private key object on {@code token} matching {@code template}, in the token's order. */
    public static List<PrivateKeyObject> findAll(Token token, List<Attribute> template) {
        return ObjectSearch.readAll(token, template, PrivateKeyObject::read);
    }

    private static PrivateKeyObject read(Cryptoki cryptoki, long session, long handle) {
        List<AttributeValue> v = cryptoki.getAttributeValue(session, handle, Cka.CKA_ID, Cka.CKA_LABEL,
                Cka.CKA_KEY_TYPE, Cka.CKA_ALWAYS_AUTHENTICATE, Cka.CKA_MODULUS, Cka.CKA_PUBLIC_EXPONENT,
                Cka.CKA_EC_PARAMS, Cka.CKA_EC_POINT, Cka.CKA_ALLOWED_MECHANISMS);
        return new PrivateKeyObject(handle, v.get(0).bytes().orElse(null), v.get(1).asUtf8().orElse(null),
                v.get(2).asUlong().orElse(-1L), v.get(3).asBoolean().orElse(false), v.get(4).bytes().orElse(null),
                v.get(5).bytes().orElse(null), v.get(6).bytes().orElse(null), v.get(7).bytes().orElse(null),
                v.get(8).asUlongArray().orElse(null));
    }

    public long handle() {
        return handle;
    }

    /** {@code CKA_ID}, or null. A copy. */
    public byte[] id() {
        return id == null ? null : id.clone();
    }

    public String label() {
        return label;
    }

    public boolean isRsa() {
        return keyType == Ckk.CKK_RSA;
    }

    public boolean isEc() {
        return keyType == Ckk.CKK_EC;
    }

    /** {@code CKA_ALWAYS_AUTHENTICATE}: the token wants the PIN again for every signature. */
    public boolean alwaysAuthenticate() {
        return alwaysAuthenticate;
    }

    /** {@code CKA_ALLOWED_MECHANISMS}; null when the key states none (every mechanism its type supports). */
    long[] allowedMechanisms() {
        return allowedMechanisms == null ? null : allowedMechanisms.clone();
    }

    byte[] modulus() {
        return modulus;
    }

    byte[] publicExponent() {
        return publicExponent;
    }

    byte[] ecParams() {
        return ecParams;
    }

    byte[] ecPoint() {
        return ecPoint;
    }
}
