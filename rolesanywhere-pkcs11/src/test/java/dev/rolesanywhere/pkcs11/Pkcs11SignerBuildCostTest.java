package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckc;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TestPki;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What building a signer costs in PKCS#11 calls, counted by the p11fault module: on a network HSM each call is a
 * round trip, so the count must not grow with objects the URI does not name.
 */
class Pkcs11SignerBuildCostTest {
    private static final int UNRELATED = 1500;
    private static final String[] COUNTED = {"C_FindObjectsInit", "C_FindObjects", "C_GetAttributeValue"};

    private static FaultModule faults;
    private static TokenKey alone;
    private static TokenKey crowded;

    @BeforeAll
    static void tokens() {
        alone = SoftHsmFixture.shared().createToken().key("alone").type(TestKeyType.EC_P256).create();
        crowded = SoftHsmFixture.shared().createToken().key("crowded").type(TestKeyType.EC_P256).create();
        faults = FaultModule.overSoftHsm();
    }

    @BeforeEach
    @AfterEach
    void clearFaults() {
        faults.reset();
    }

    @Test
    void build_readsNoMoreOnATokenWith1500UnrelatedCertificates_thanOnATokenWithNone() {
        Map<String, Long> onEmptyToken = callsToBuildAndSign(alone);
        Map<String, Long> onCrowdedToken;
        // Session objects of another session of this process, visible to the signer's sessions as token objects
        // would be: SoftHSM2 writes token objects one file at a time, and 1500 of them take a minute.
        try (ModuleHandle module = ModuleRegistry.global().acquire(faults.modulePath().toString())) {
            Cryptoki c = module.cryptoki();
            long session = c.openSession(crowded.token().slotId(), 0);
            try {
                addUnrelatedCertificates(c, session, UNRELATED);
                assertThat(certificatesSeenFromAnotherSession(c)).isGreaterThan(UNRELATED);
                onCrowdedToken = callsToBuildAndSign(crowded);
            } finally {
                c.closeSession(session);
            }
        }

        assertThat(onCrowdedToken).isEqualTo(onEmptyToken);
        assertThat(onCrowdedToken.get("C_GetAttributeValue")).isLessThan(20);
    }

    private static Map<String, Long> callsToBuildAndSign(TokenKey key) {
        faults.reset();
        byte[] data = "cost".getBytes(StandardCharsets.UTF_8);
        try (Pkcs11Signer signer = Pkcs11Signer.builder()
                .uri(Pkcs11Uri.parse(key.uri()).toBuilder().modulePath(faults.modulePath().toString()).build())
                .pinCallback(PinCallback.ofValue(key.token().userPin())).build()) {
            assertThat(Signatures.verifiesInJca(key.publicKey(), data, signer.sign(data))).isTrue();
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String function : COUNTED) {
            counts.put(function, faults.count(function));
        }
        return counts;
    }

    private static int certificatesSeenFromAnotherSession(Cryptoki c) {
        long other = c.openSession(crowded.token().slotId(), 0);
        try {
            List<Attribute> t = new ArrayList<>();
            t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_CERTIFICATE));
            c.findObjectsInit(other, t);
            int seen = c.findObjects(other, 10 * UNRELATED).length;
            c.findObjectsFinal(other);
            return seen;
        } finally {
            c.closeSession(other);
        }
    }

    /** Certificates of other subjects from the same CA, as public session objects of {@code session}. */
    private static void addUnrelatedCertificates(Cryptoki c, long session, int count) {
        PublicKey someKey = TestKeyType.EC_P256.generate().getPublic();
        for (int i = 0; i < count; i++) {
            X509Certificate cert = TestPki.shared().issue(someKey, "unrelated-" + i);
            List<Attribute> t = new ArrayList<>();
            t.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_CERTIFICATE));
            t.add(Attribute.ofUlong(Cka.CKA_CERTIFICATE_TYPE, Ckc.CKC_X_509));
            t.add(Attribute.ofBoolean(Cka.CKA_TOKEN, false));
            t.add(Attribute.ofBoolean(Cka.CKA_PRIVATE, false));
            t.add(Attribute.ofUtf8(Cka.CKA_LABEL, "unrelated-" + i));
            t.add(Attribute.of(Cka.CKA_ID, new byte[] {(byte) 0xee, (byte) (i >> 8), (byte) i}));
            t.add(Attribute.of(Cka.CKA_SUBJECT, cert.getSubjectX500Principal().getEncoded()));
            t.add(Attribute.of(Cka.CKA_ISSUER, cert.getIssuerX500Principal().getEncoded()));
            try {
                t.add(Attribute.of(Cka.CKA_VALUE, cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
            c.createObject(session, t);
        }
    }
}
