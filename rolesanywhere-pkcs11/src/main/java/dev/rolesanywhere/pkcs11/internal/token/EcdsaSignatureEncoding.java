package dev.rolesanywhere.pkcs11.internal.token;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;

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
        ASN1EncodableVector v = new ASN1EncodableVector(2);
        v.add(new ASN1Integer(r));
        v.add(new ASN1Integer(s));
        try {
            return new DERSequence(v).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of two integers failed", e);
        }
    }

    private static boolean isDerSignature(byte[] bytes) {
        try {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(bytes);
            if (!(parsed instanceof ASN1Sequence)) {
                return false;
            }
            ASN1Sequence seq = (ASN1Sequence) parsed;
            return seq.size() == 2
                    && seq.getObjectAt(0) instanceof ASN1Integer
                    && seq.getObjectAt(1) instanceof ASN1Integer
                    && Arrays.equals(seq.getEncoded(ASN1Encoding.DER), bytes);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
