package dev.rolesanywhere.pkcs11.internal.token;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * The few DER structures a token signature needs (ECDSA's {@code SEQUENCE{r, s}}, RSA's {@code DigestInfo}, the parts
 * of a SubjectPublicKeyInfo), written and read here rather than with Bouncy Castle: a credential_process run that
 * touches one Bouncy Castle class pays for the check of its signed jars, which no class cache can skip, and FIPS class
 * paths carry bc-fips, which cannot share one with bcprov. Public for {@code TokenProvisioner}'s key and certificate
 * attributes (curve OIDs, serial numbers, an EC key's SubjectPublicKeyInfo).
 */
public final class Der {
    public static final int INTEGER = 0x02;
    public static final int BIT_STRING = 0x03;
    public static final int OCTET_STRING = 0x04;
    public static final int OBJECT_IDENTIFIER = 0x06;
    public static final int SEQUENCE = 0x30;

    private Der() {
    }

    /** One element: its tag, where its content starts and where the element ends. */
    public static final class Element {
        public final int tag;
        public final int start;
        public final int contentStart;
        public final int end;

        private Element(int tag, int start, int contentStart, int end) {
            this.tag = tag;
            this.start = start;
            this.contentStart = contentStart;
            this.end = end;
        }

        public byte[] content(byte[] in) {
            return Arrays.copyOfRange(in, contentStart, end);
        }

        public byte[] whole(byte[] in) {
            return Arrays.copyOfRange(in, start, end);
        }
    }

    /**
     * Reads the element at {@code offset}, which must fit in {@code limit}.
     *
     * @throws IllegalArgumentException when the tag is not single-byte, the length is not in its shortest form or
     *     the content runs past {@code limit}
     */
    public static Element read(byte[] in, int offset, int limit) {
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
                length = (length << 8) | (in[at++] & 0xff);
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
    public static byte[] encode(int tag, byte[]... contents) {
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
    public static byte[] integer(BigInteger value) {
        return encode(INTEGER, value.toByteArray());
    }

    /** An OBJECT IDENTIFIER from its dotted form, such as {@code 1.2.840.10045.3.1.7}. */
    public static byte[] objectIdentifier(String dotted) {
        String[] arcs = dotted.split("\\.", -1);
        BigInteger first;
        BigInteger second;
        try {
            first = new BigInteger(arcs[0]);
            second = new BigInteger(arcs.length > 1 ? arcs[1] : "");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not an object identifier: " + dotted, e);
        }
        // The first two arcs share one subidentifier (40 * first + second), so the second is below 40 unless the
        // first is 2.
        if (first.signum() < 0 || first.intValue() > 2 || first.bitLength() > 2 || second.signum() < 0
                || (first.intValue() < 2 && second.compareTo(BigInteger.valueOf(40)) >= 0)) {
            throw new IllegalArgumentException("Not an object identifier: " + dotted);
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        writeBase128(content, first.multiply(BigInteger.valueOf(40)).add(second));
        for (int i = 2; i < arcs.length; i++) {
            BigInteger arc;
            try {
                arc = new BigInteger(arcs[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Not an object identifier: " + dotted, e);
            }
            if (arc.signum() < 0) {
                throw new IllegalArgumentException("Not an object identifier: " + dotted);
            }
            writeBase128(content, arc);
        }
        return encode(OBJECT_IDENTIFIER, content.toByteArray());
    }

    /** Seven bits per byte, most significant first, the high bit set on all but the last. */
    private static void writeBase128(ByteArrayOutputStream out, BigInteger arc) {
        int groups = Math.max(1, (arc.bitLength() + 6) / 7);
        for (int i = groups - 1; i >= 0; i--) {
            int group = arc.shiftRight(7 * i).intValue() & 0x7f;
            out.write(i > 0 ? group | 0x80 : group);
        }
    }

    /** The content of {@code in} when it is exactly one OCTET STRING, else null. */
    public static byte[] octetStringContent(byte[] in) {
        try {
            Element element = read(in, 0, in.length);
            return element.tag == OCTET_STRING && element.end == in.length ? element.content(in) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
