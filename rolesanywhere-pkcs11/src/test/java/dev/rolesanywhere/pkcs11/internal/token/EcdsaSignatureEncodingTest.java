package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;

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
}
