package dev.rolesanywhere.pkcs11.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckm;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The mechanism paths of {@link BoundKey} on a real token, including the one SoftHSM2 would never be asked for
 * because it offers the better mechanism: raw {@code CKM_RSA_PKCS} over a locally built DigestInfo.
 */
class BoundKeyMechanismTest {
    private static final byte[] DATA = "mechanisms".getBytes(StandardCharsets.UTF_8);

    private static TokenKey rsa;
    private static ModuleContext context;
    private static Token token;

    @BeforeAll
    static void open() {
        rsa = SoftHsmFixture.shared().createToken().key("mech-rsa").type(TestKeyType.RSA_3072).create();
        context = ModuleContext.open(Pkcs11Uri.parse(rsa.token().uri()), null, null);
        token = context.singleToken();
        token.ensureLoggedIn(PinCallback.ofValue(rsa.token().userPin()));
    }

    @AfterAll
    static void close() {
        context.close();
    }

    private static PrivateKeyObject rsaKey() {
        List<Attribute> template = new ArrayList<>();
        template.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY));
        template.add(Attribute.of(Cka.CKA_ID, rsa.id()));
        List<PrivateKeyObject> keys = PrivateKeyObject.findAll(token, template);
        assertThat(keys).hasSize(1);
        return keys.get(0);
    }

    private static BoundKey bind(long mechanism) {
        PrivateKeyObject key = rsaKey();
        CertificateObject cert = new CertificateObject(rsa.id(), rsa.label(), rsa.certificate().get());
        return new BoundKey(token, cert, key, SigningAlgorithm.RSA_SHA256, java.util.Collections.singletonList(mechanism));
    }

    @Test
    void rawRsaPkcsWithLocalDigestInfo_equalsTheTokensSha256RsaPkcs_andTheJcaSignature() throws Exception {
        byte[] viaRawRsa = bind(Ckm.CKM_RSA_PKCS).sign(DATA, null);
        byte[] viaSha256Rsa = bind(Ckm.CKM_SHA256_RSA_PKCS).sign(DATA, null);

        Signature jca = Signature.getInstance("SHA256withRSA");
        jca.initSign(rsa.jvmPrivateKey().get());
        jca.update(DATA);
        byte[] expected = jca.sign();

        assertThat(viaRawRsa).isEqualTo(expected);
        assertThat(viaSha256Rsa).isEqualTo(expected);
    }

    @Test
    void choose_prefersTheTokensOwnHashing_withRawRsaAsTheFallback() {
        long[] offered = token.cryptoki().getMechanismList(token.slotId());
        assertThat(SigningMechanisms.choose(token, SigningAlgorithm.RSA_SHA256, offered, rsaKey()))
                .containsExactly(Ckm.CKM_SHA256_RSA_PKCS, Ckm.CKM_RSA_PKCS);
    }
}
