package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.HashAlgorithm;
import dev.rolesanywhere.core.SigningAlgorithm;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import javax.crypto.Cipher;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RsaDigestInfoTest {

    @Test
    void sha256_signedWithRawPkcs1Padding_verifiesAsSha256WithRsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] digestInfo = RsaDigestInfo.sha256(MessageDigest.getInstance("SHA-256").digest(data));

        // What a token does for CKM_RSA_PKCS: type-1 padding and the private-key operation, nothing else.
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, kp.getPrivate());
        byte[] signature = rsa.doFinal(digestInfo);

        Signature verify = Signature.getInstance("SHA256withRSA");
        verify.initVerify(kp.getPublic());
        verify.update(data);
        assertThat(verify.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = HashAlgorithm.class, names = {"SHA384", "SHA512"})
    void otherDigests_signedWithRawPkcs1Padding_verifyAsTheirJcaSignature(HashAlgorithm hash) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        byte[] digestInfo = RsaDigestInfo.of(hash, MessageDigest.getInstance(hash.jcaName()).digest(data));

        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, kp.getPrivate());
        byte[] signature = rsa.doFinal(digestInfo);

        Signature verify = Signature.getInstance(hash.signatureName(SigningAlgorithm.RSA_SHA256));
        verify.initVerify(kp.getPublic());
        verify.update(data);
        assertThat(verify.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void of_everyDigest_isTheDerBouncyCastleWritesForTheSameDigestInfo(HashAlgorithm hash) throws Exception {
        byte[] digest = MessageDigest.getInstance(hash.jcaName()).digest(hash.name().getBytes(StandardCharsets.UTF_8));
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(hash == HashAlgorithm.SHA256
                ? NISTObjectIdentifiers.id_sha256
                : hash == HashAlgorithm.SHA384 ? NISTObjectIdentifiers.id_sha384 : NISTObjectIdentifiers.id_sha512,
                DERNull.INSTANCE);

        assertThat(RsaDigestInfo.of(hash, digest)).isEqualTo(new DigestInfo(algorithm, digest).getEncoded("DER"));
    }

    @Test
    void of_aDigestOfTheWrongLength_isRefusedNamingBothLengths() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RsaDigestInfo.of(HashAlgorithm.SHA384, new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("48 bytes, got 32");
    }
}
