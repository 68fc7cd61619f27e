package dev.rolesanywhere.pkcs11.internal.ffi;

import java.util.Objects;

/** A {@code CK_MECHANISM}: the type and its parameter bytes (empty for CKM_ECDSA, CKM_SHA256_RSA_PKCS and kin). */
public final class Mechanism {
    private static final byte[] NONE = new byte[0];

    private final long type;
    private final byte[] parameter;

    private Mechanism(long type, byte[] parameter) {
        this.type = type;
        this.parameter = parameter;
    }

    /** A mechanism without parameters. */
    public static Mechanism of(long type) {
        return new Mechanism(type, NONE);
    }

    /** A mechanism with a parameter structure already encoded for this platform; copied. */
    public static Mechanism of(long type, byte[] parameter) {
        Objects.requireNonNull(parameter, "parameter");
        return new Mechanism(type, parameter.length == 0 ? NONE : parameter.clone());
    }

    public long type() {
        return type;
    }

    int parameterLength() {
        return parameter.length;
    }

    byte[] rawParameter() {
        return parameter;
    }

    @Override
    public String toString() {
        return "Mechanism[0x" + Long.toHexString(type) + ", " + parameter.length + " parameter bytes]";
    }
}
