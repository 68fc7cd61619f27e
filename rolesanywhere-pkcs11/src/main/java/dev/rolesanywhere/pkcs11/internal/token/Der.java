package dev.rolesanywhere.pkcs11.internal.token;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The few DER structures a token signature needs (ECDSA's {@code SEQUENCE{r, s}}, RSA's {@code DigestInfo}, the parts
 * of a SubjectPublicKeyInfo), written and read here rather than with Bouncy Castle: a credential_process run that
 * touches one Bouncy Castle class pays for the check of its signed jars, which no class cache can skip.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** One element: its tag, where its content starts and where the element ends. */
    static final class Element {
        final int tag;
        final int start;
        final int contentStart;
        final int end;

        private Element(int tag, int start, int contentStart, int end) {
            this.tag = tag;
            this.start = start;
            this.contentStart = contentStart;
            this.end = end;
        }

        byte[] content(byte[] in) {
            return Arrays.copyOfRange(in, contentStart, end);
        }

        byte[] whole(byte[] in) {
            return Arrays.copyOfRange(in, start, end);
        }
    }

    /**
     * Reads the element at {@code offset}, which must fit in {@code limit}.
     *
     * @throws IllegalArgumentException when the tag is not single-byte, the length is not in its shortest form or
     *     the content runs past {@code limit}
     */
    static Element read(byte[] in, int offset, int limit) {
        if (offset + 2 > limit) {
            throw new IllegalArgumentException("DER element truncated at " + offset);
        }
        int tag = in[offset] & 0xff;
        if ((tag & 0x1f) == 0x1f) {
            throw new IllegalArgumentException("multi-byte DER tag at " + offset);
        }
        int first = in[offset + 1] & 0xff;
        int at = offset + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 4 || at + count > limit || in[at] == 0) {
                throw new IllegalArgumentException("DER length not definite and shortest at " + offset);
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = length << 8 | in[at++] & 0xff;
            }
            if (length < 0x80) {
                throw new IllegalArgumentException("DER length not in its shortest form at " + offset);
            }
        }
        if (length > limit - at) {
            throw new IllegalArgumentException("DER content runs past its container at " + offset);
        }
        return new Element(tag, offset, at, at + (int) length);
    }

    /** Tag, length and content. */
    static byte[] encode(int tag, byte[]... contents) {
        int length = 0;
        for (byte[] content : contents) {
            length += content.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] content : contents) {
            out.write(content, 0, content.length);
        }
        return out.toByteArray();
    }

    /** An INTEGER: two's complement in the fewest bytes, which is what {@link BigInteger#toByteArray()} gives. */
    static byte[] integer(BigInteger value) {
        return encode(INTEGER, value.toByteArray());
    }
}
