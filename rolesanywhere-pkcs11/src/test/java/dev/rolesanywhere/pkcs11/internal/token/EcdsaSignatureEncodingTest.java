package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.math.BigInteger;
import java.util.Random;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EcdsaSignatureEncodingTest {

    @Test
    void toDer_ofRawSignature_verifiesWithJca() throws Exception {
        KeyPair kp = TestCertificates.ecKeyPair();
        byte[] data = "string to sign".getBytes(StandardCharsets.UTF_8);
        // Produce raw r||s independently of the code under test: JCA's P1363 format is exactly that.
        Signature raw = Signature.getInstance("SHA256withECDSAinP1363Format");
        raw.initSign(kp.getPrivate());
        raw.update(data);
        byte[] rs = raw.sign();
        assertThat(rs).hasSize(64);

        byte[] der = EcdsaSignatureEncoding.toDer(rs, 32);

        Signature verify = Signature.getInstance("SHA256withECDSA");
        verify.initVerify(kp.getPublic());
        verify.update(data);
        assertThat(verify.verify(der)).isTrue();
    }

    @Test
    void toDer_ofDerSignature_returnsItUnchanged() throws Exception {
        KeyPair kp = TestCertificates.ecKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(new byte[] {1, 2, 3});
        byte[] der = s.sign();

        assertThat(EcdsaSignatureEncoding.toDer(der, 32)).isEqualTo(der);
    }

    @Test
    void toDer_ofTheRawHalvesOfAJcaSignature_reproducesItsDerExactly() throws Exception {
        KeyPair kp = TestCertificates.ecKeyPair();
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(new byte[] {9});
        byte[] der = s.sign();

        assertThat(EcdsaSignatureEncoding.toDer(raw(der, 32), 32)).isEqualTo(der);
    }

    /** DER {@code SEQUENCE{r, s}} as the raw {@code r||s} a token returns, each half left-padded to the field size. */
    private static byte[] raw(byte[] der, int fieldBytes) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        byte[] out = new byte[2 * fieldBytes];
        for (int i = 0; i < 2; i++) {
            byte[] half = BigIntegers.asUnsignedByteArray(fieldBytes,
                    ASN1Integer.getInstance(sequence.getObjectAt(i)).getPositiveValue());
            System.arraycopy(half, 0, out, i * fieldBytes, fieldBytes);
        }
        return out;
    }

    @Test
    void toDer_ofGarbage_namesTheExpectedSizes() {
        assertThatThrownBy(() -> EcdsaSignatureEncoding.toDer(new byte[10], 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 bytes");
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 48, 66})
    void toDer_ofRawHalvesOfEveryShape_isWhatBouncyCastleEncodes(int fieldBytes) {
        // Top bit set (a leading zero byte in DER), leading zero bytes (a shorter integer), zero, and the long length
        // form that P-521's sequences need.
        Random random = new Random(fieldBytes);
        for (int i = 0; i < 200; i++) {
            byte[] raw = new byte[2 * fieldBytes];
            random.nextBytes(raw);
            if (i % 4 == 1) {
                raw[0] = 0;
                raw[1] = 0;
            } else if (i % 4 == 2) {
                java.util.Arrays.fill(raw, fieldBytes, 2 * fieldBytes, (byte) 0);
            } else if (i % 4 == 3) {
                raw[0] |= (byte) 0x80;
                raw[fieldBytes] |= (byte) 0x80;
            }
            BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(raw, 0, fieldBytes));
            BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(raw, fieldBytes, raw.length));
            byte[] expected = bouncyCastleDer(r, s);

            assertThat(EcdsaSignatureEncoding.toDer(raw, fieldBytes)).isEqualTo(expected);
            // The same DER handed back by a token is recognised as DER (when its length is not the raw length).
            if (expected.length != 2 * fieldBytes) {
                assertThat(EcdsaSignatureEncoding.toDer(expected, fieldBytes)).isEqualTo(expected);
            }
        }
    }

    @Test
    void toDer_ofDerThatIsNotStrictlyDer_isRefused() {
        byte[] strict = bouncyCastleDer(BigInteger.valueOf(0x1234), BigInteger.valueOf(0x80));
        assertThat(EcdsaSignatureEncoding.toDer(strict, 32)).isEqualTo(strict);

        byte[] longLength = new byte[strict.length + 1];
        longLength[0] = 0x30;
        longLength[1] = (byte) 0x81;
        System.arraycopy(strict, 1, longLength, 2, strict.length - 1);
        byte[] trailing = java.util.Arrays.copyOf(strict, strict.length + 1);
        byte[] indefinite = strict.clone();
        indefinite[1] = (byte) 0x80;
        byte[] paddedInteger = {0x30, 0x08, 0x02, 0x03, 0x00, 0x12, 0x34, 0x02, 0x01, 0x05};
        byte[] emptyInteger = {0x30, 0x05, 0x02, 0x00, 0x02, 0x01, 0x05};
        byte[] threeIntegers = {0x30, 0x09, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x02, 0x01, 0x03};
        byte[] notIntegers = {0x30, 0x06, 0x04, 0x01, 0x01, 0x04, 0x01, 0x02};
        byte[] shortContent = {0x30, 0x08, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02};
        for (byte[] bad : new byte[][] {longLength, trailing, indefinite, paddedInteger, emptyInteger,
                threeIntegers, notIntegers, shortContent}) {
            assertThatThrownBy(() -> EcdsaSignatureEncoding.toDer(bad, 32))
                    .as(java.util.Arrays.toString(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nor a DER SEQUENCE{r, s}");
        }
    }

    private static byte[] bouncyCastleDer(BigInteger r, BigInteger s) {
        try {
            return new DERSequence(new ASN1Integer[] {new ASN1Integer(r), new ASN1Integer(s)}).getEncoded("DER");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
