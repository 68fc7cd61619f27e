package dev.rolesanywhere.pkcs11.internal.ffi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One attribute read by {@code C_GetAttributeValue}: its bytes, or why the token would not give them. PKCS#11 reports
 * the reason once per call, not per attribute, so {@link Status#SENSITIVE} and {@link Status#TYPE_INVALID} name the
 * call's return value for every attribute whose length came back as {@code CK_UNAVAILABLE_INFORMATION}.
 */
public final class AttributeValue {
    /** Whether the value was returned. */
    public enum Status {
        PRESENT,
        /** CKR_ATTRIBUTE_SENSITIVE: the object exists but will not reveal this value (e.g. a private exponent). */
        SENSITIVE,
        /** CKR_ATTRIBUTE_TYPE_INVALID: the object has no such attribute. */
        TYPE_INVALID,
        /** Length reported as unavailable with no more specific reason. */
        UNAVAILABLE
    }

    private final long type;
    private final Status status;
    private final byte[] value;

    private AttributeValue(long type, Status status, byte[] value) {
        this.type = type;
        this.status = status;
        this.value = value;
    }

    static AttributeValue present(long type, byte[] value) {
        return new AttributeValue(type, Status.PRESENT, value);
    }

    static AttributeValue missing(long type, Status status) {
        return new AttributeValue(type, status, null);
    }

    public long type() {
        return type;
    }

    public Status status() {
        return status;
    }

    public boolean isPresent() {
        return status == Status.PRESENT;
    }

    /** The raw value, if present; a copy. */
    public Optional<byte[]> bytes() {
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /**
     * The value as a CK_ULONG (4 or 8 bytes, native byte order); empty when absent, or when the module reported a
     * length of 0 (old tpm2-pkcs11 and corePKCS11 do so, with {@code CKR_OK}, for attributes they do not implement).
     */
    public Optional<Long> asUlong() {
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
        if (value.length == 8) {
            return Optional.of(buffer.getLong());
        }
        if (value.length == 4) {
            long widened = buffer.getInt() & 0xFFFFFFFFL;
            return Optional.of(widened == 0xFFFFFFFFL ? Ck.CK_UNAVAILABLE_INFORMATION : widened);
        }
        throw new IllegalStateException("Attribute 0x" + Long.toHexString(type) + " is " + value.length
                + " bytes long, not a CK_ULONG; read it with bytes()");
    }

    /**
     * The value as an array of CK_ULONG in this platform's width and byte order ({@code CKA_ALLOWED_MECHANISMS});
     * empty when absent or reported with length 0.
     */
    public Optional<long[]> asUlongArray() {
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        int width = NativeAbi.current().ulongSize();
        if (value.length % width != 0) {
            throw new IllegalStateException("Attribute 0x" + Long.toHexString(type) + " is " + value.length
                    + " bytes long, not an array of " + width + "-byte CK_ULONGs; read it with bytes()");
        }
        ByteBuffer buffer = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
        long[] values = new long[value.length / width];
        for (int i = 0; i < values.length; i++) {
            values[i] = width == 8 ? buffer.getLong() : buffer.getInt() & 0xFFFFFFFFL;
        }
        return Optional.of(values);
    }

    /** The value as a CK_BBOOL; empty when absent or reported with length 0 (see {@link #asUlong()}). */
    public Optional<Boolean> asBoolean() {
        if (value == null || value.length == 0) {
            return Optional.empty();
        }
        if (value.length != 1) {
            throw new IllegalStateException("Attribute 0x" + Long.toHexString(type) + " is " + value.length
                    + " bytes long, not a CK_BBOOL; read it with bytes()");
        }
        return Optional.of(value[0] != 0);
    }

    /** The value as UTF-8 text (CKA_LABEL); empty when absent. */
    public Optional<String> asUtf8() {
        return value == null ? Optional.empty() : Optional.of(new String(value, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AttributeValue[type=0x" + Long.toHexString(type) + ", " + status
                + (value == null ? "]" : ", " + value.length + " bytes]");
    }
}
