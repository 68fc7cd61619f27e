package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublicKeyMatchTest {

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        return g.generateKeyPair();
    }

    private static KeyPair ec(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    private static byte[] unsigned(java.math.BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    /** The uncompressed point 04||X||Y, built from the affine coordinates rather than from the encoding under test. */
    private static byte[] point(ECPublicKey key) {
        int n = PublicKeyMatch.fieldBytes(key);
        byte[] out = new byte[1 + 2 * n];
        out[0] = 4;
        byte[] x = unsigned(key.getW().getAffineX());
        byte[] y = unsigned(key.getW().getAffineY());
        System.arraycopy(x, 0, out, 1 + n - x.length, x.length);
        System.arraycopy(y, 0, out, 1 + 2 * n - y.length, y.length);
        return out;
    }

    @Test
    void rsa_sameModulusAndExponent_matches() throws Exception {
        RSAPublicKey k = (RSAPublicKey) rsa().getPublic();
        assertThat(PublicKeyMatch.rsa(unsigned(k.getModulus()), unsigned(k.getPublicExponent()), k))
                .isEqualTo(PublicKeyMatch.Result.MATCH);
    }

    @Test
    void rsa_otherModulus_mismatches() throws Exception {
        RSAPublicKey k = (RSAPublicKey) rsa().getPublic();
        RSAPublicKey other = (RSAPublicKey) rsa().getPublic();
        assertThat(PublicKeyMatch.rsa(unsigned(other.getModulus()), unsigned(other.getPublicExponent()), k))
                .isEqualTo(PublicKeyMatch.Result.MISMATCH);
    }

    @Test
    void rsa_unreadableModulus_isUnknown() throws Exception {
        assertThat(PublicKeyMatch.rsa(null, null, rsa().getPublic())).isEqualTo(PublicKeyMatch.Result.UNKNOWN);
    }

    @Test
    void rsa_againstEcCertificate_mismatches() throws Exception {
        RSAPublicKey k = (RSAPublicKey) rsa().getPublic();
        assertThat(PublicKeyMatch.rsa(unsigned(k.getModulus()), null, ec("secp256r1").getPublic()))
                .isEqualTo(PublicKeyMatch.Result.MISMATCH);
    }

    @Test
    void ec_wrappedAndBarePoint_bothMatch() throws Exception {
        ECPublicKey k = (ECPublicKey) ec("secp256r1").getPublic();
        byte[] params = X9ObjectIdentifiers.prime256v1.getEncoded();
        byte[] bare = point(k);
        assertThat(PublicKeyMatch.ec(params, new DEROctetString(bare).getEncoded(), k))
                .isEqualTo(PublicKeyMatch.Result.MATCH);
        assertThat(PublicKeyMatch.ec(params, bare, k)).isEqualTo(PublicKeyMatch.Result.MATCH);
    }

    @Test
    void ec_otherCurveParams_mismatch() throws Exception {
        ECPublicKey k = (ECPublicKey) ec("secp256r1").getPublic();
        byte[] p384 = SECObjectIdentifiers.secp384r1.getEncoded();
        assertThat(PublicKeyMatch.ec(p384, point(k), k)).isEqualTo(PublicKeyMatch.Result.MISMATCH);
    }

    @Test
    void ec_otherPoint_mismatches_andMissingPointIsUnknown() throws Exception {
        ECPublicKey k = (ECPublicKey) ec("secp384r1").getPublic();
        ECPublicKey other = (ECPublicKey) ec("secp384r1").getPublic();
        byte[] params = SECObjectIdentifiers.secp384r1.getEncoded();
        assertThat(PublicKeyMatch.ec(params, point(other), k)).isEqualTo(PublicKeyMatch.Result.MISMATCH);
        assertThat(PublicKeyMatch.ec(params, null, k)).isEqualTo(PublicKeyMatch.Result.UNKNOWN);
        assertThat(PublicKeyMatch.fieldBytes(k)).isEqualTo(48);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secp256r1", "secp384r1", "secp521r1"})
    void ec_onEveryAcceptedCurve_matchesTheWrappedPointWithTheCurvesOid(String curve) throws Exception {
        // P-521's point and key info need DER's long length form, the others its short form.
        ECPublicKey k = (ECPublicKey) ec(curve).getPublic();
        byte[] params = new org.bouncycastle.asn1.ASN1ObjectIdentifier(
                curve.equals("secp256r1") ? "1.2.840.10045.3.1.7"
                        : curve.equals("secp384r1") ? "1.3.132.0.34" : "1.3.132.0.35").getEncoded();
        assertThat(PublicKeyMatch.ec(params, new DEROctetString(point(k)).getEncoded(), k))
                .isEqualTo(PublicKeyMatch.Result.MATCH);
        assertThat(PublicKeyMatch.ec(SECObjectIdentifiers.secp224r1.getEncoded(), point(k), k))
                .isEqualTo(PublicKeyMatch.Result.MISMATCH);
    }

    @Test
    void ec_pointWhoseFirstBytesOnlyLookLikeAWrapper_isComparedWhole() throws Exception {
        ECPublicKey k = (ECPublicKey) ec("secp256r1").getPublic();
        byte[] params = X9ObjectIdentifiers.prime256v1.getEncoded();
        byte[] wrongLength = new DEROctetString(point(k)).getEncoded();
        wrongLength[1]++;
        assertThat(PublicKeyMatch.ec(params, wrongLength, k)).isEqualTo(PublicKeyMatch.Result.MISMATCH);
    }
}
