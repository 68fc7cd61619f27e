package dev.rolesanywhere.pkcs11.internal.ffi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of an attribute template ({@code CK_ATTRIBUTE} as Java sees it): a type and a value. The value keeps its
 * C kind, because a CK_ULONG value is 4 or 8 bytes depending on the platform and is only encoded when marshalled.
 * {@link #toString()} shows the type and length, never the value, since templates may carry key material.
 */
public final class Attribute {
    enum Kind { BYTES, ULONG, BOOL }

    private final long type;
    private final Kind kind;
    private final byte[] bytes;
    private final long number;

    private Attribute(long type, Kind kind, byte[] bytes, long number) {
        this.type = type;
        this.kind = kind;
        this.bytes = bytes;
        this.number = number;
    }

    /** A byte-array value (CKA_ID, CKA_VALUE, CKA_EC_PARAMS …); copied. */
    public static Attribute of(long type, byte[] value) {
        Objects.requireNonNull(value, "value");
        return new Attribute(type, Kind.BYTES, value.clone(), 0);
    }

    /** A UTF-8 string value (CKA_LABEL). */
    public static Attribute ofUtf8(long type, String value) {
        Objects.requireNonNull(value, "value");
        return new Attribute(type, Kind.BYTES, value.getBytes(StandardCharsets.UTF_8), 0);
    }

    /** A CK_ULONG value (CKA_CLASS, CKA_KEY_TYPE, CKA_MODULUS_BITS …). */
    public static Attribute ofUlong(long type, long value) {
        return new Attribute(type, Kind.ULONG, null, value);
    }

    /** A CK_BBOOL value (CKA_TOKEN, CKA_SIGN …), one byte in C. */
    public static Attribute ofBoolean(long type, boolean value) {
        return new Attribute(type, Kind.BOOL, null, value ? 1 : 0);
    }

    public long type() {
        return type;
    }

    Kind kind() {
        return kind;
    }

    /** Encoded length of the value for the given ABI. */
    int length(NativeAbi abi) {
        switch (kind) {
            case ULONG:
                return abi.ulongSize();
            case BOOL:
                return 1;
            default:
                return bytes.length;
        }
    }

    byte[] rawBytes() {
        return bytes;
    }

    long number() {
        return number;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Attribute)) {
            return false;
        }
        Attribute other = (Attribute) o;
        return type == other.type && kind == other.kind && number == other.number
                && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, kind, number) * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Attribute[type=0x" + Long.toHexString(type) + ", " + kind + (kind == Kind.BYTES
                ? ", " + bytes.length + " bytes]" : "]");
    }
}
