package dev.rolesanywhere.pkcs11.internal.token;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Turns what a token's {@code CKM_ECDSA} returns into the DER {@code SEQUENCE{r, s}} that Roles Anywhere and JCA expect.
 *
 * <p>PKCS#11 specifies raw {@code r || s}, each half the curve's field size; a few tokens (and some proxies) hand
 * back DER instead, so both are accepted.
 */
public final class EcdsaSignatureEncoding {

    private EcdsaSignatureEncoding() {
    }

    /**
     * @param tokenOutput the bytes C_Sign produced
     * @param fieldBytes the curve's field size in bytes (32 for P-256, 48 for P-384, 66 for P-521)
     * @throws IllegalArgumentException when the bytes are neither raw {@code r||s} of that size nor DER
     */
    public static byte[] toDer(byte[] tokenOutput, int fieldBytes) {
        // A raw signature has exactly twice the field size; prefer that reading, as the standard prescribes it.
        if (tokenOutput.length == 2 * fieldBytes) {
            BigInteger r = new BigInteger(1, Arrays.copyOfRange(tokenOutput, 0, fieldBytes));
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(tokenOutput, fieldBytes, tokenOutput.length));
            return encode(r, s);
        }
        if (isDerSignature(tokenOutput)) {
            return tokenOutput.clone();
        }
        throw new IllegalArgumentException("ECDSA signature of " + tokenOutput.length
                + " bytes is neither raw r||s of " + (2 * fieldBytes) + " bytes nor a DER SEQUENCE{r, s}");
    }

    private static byte[] encode(BigInteger r, BigInteger s) {
        return Der.encode(Der.SEQUENCE, Der.integer(r), Der.integer(s));
    }

    /** DER exactly: two INTEGERs in a SEQUENCE, nothing after it, every length and integer in its shortest form. */
    private static boolean isDerSignature(byte[] bytes) {
        try {
            Der.Element sequence = Der.read(bytes, 0, bytes.length);
            if (sequence.tag != Der.SEQUENCE || sequence.end != bytes.length) {
                return false;
            }
            Der.Element r = Der.read(bytes, sequence.contentStart, sequence.end);
            Der.Element s = Der.read(bytes, r.end, sequence.end);
            if (r.tag != Der.INTEGER || s.tag != Der.INTEGER || s.end != sequence.end) {
                return false;
            }
            // Re-encoding gives the same bytes only when the integers were in their shortest form.
            return Arrays.equals(encode(new BigInteger(r.content(bytes)), new BigInteger(s.content(bytes))), bytes);
        } catch (IllegalArgumentException e) {
            // Malformed DER, or an INTEGER with no content (NumberFormatException).
            return false;
        }
    }
}
