package dev.rolesanywhere.pkcs11.internal.ffi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.pkcs11.PinIncorrectException;
import dev.rolesanywhere.pkcs11.Pkcs11Exception;
import dev.rolesanywhere.pkcs11.Pkcs11KeyException;
import dev.rolesanywhere.pkcs11.Pkcs11MechanismException;
import dev.rolesanywhere.pkcs11.SessionLostException;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERSequence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The binding against a real SoftHSM2 token, checked against the JDK's own crypto and the fixture's records. */
class CryptokiSoftHsmTest {
    private static final byte[] DATA = "AWS4-X509-RSA-SHA256\n20261129T223000Z\nstring to sign"
            .getBytes(StandardCharsets.UTF_8);
    /** DER of the P-256 OID, as CKA_EC_PARAMS holds it. */
    private static final byte[] P256_PARAMS = {0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01,
        0x07};

    private static SoftHsmFixture fixture;
    private static SoftHsmToken token;
    private static TokenKey rsaKey;
    private static TokenKey ecKey;
    private static ModuleHandle module;
    private static Cryptoki cryptoki;

    private long session;

    @BeforeAll
    static void createTokenAndLoadModule() {
        fixture = SoftHsmFixture.shared();
        token = fixture.createToken();
        rsaKey = token.key("rsa").type(TestKeyType.RSA_2048).create();
        ecKey = token.key("ec").type(TestKeyType.EC_P256).create();
        module = ModuleRegistry.global().acquire(fixture.modulePath().toString());
        cryptoki = module.cryptoki();
    }

    @AfterAll
    static void closeModule() {
        if (module != null) {
            module.close();
        }
    }

    @BeforeEach
    void openLoggedInSession() {
        session = cryptoki.openSession(token.slotId(), Ckf.CKF_RW_SESSION);
        char[] pin = token.userPin();
        try {
            cryptoki.login(session, Cku.CKU_USER, pin);
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    @AfterEach
    void closeSessions() {
        cryptoki.closeAllSessions(token.slotId());
    }

    @Test
    void getInfo_agreesWithPkcs11Tool() {
        ModuleInfo info = cryptoki.getInfo();
        String tool = fixture.pkcs11Tool("-I");
        assertThat(tool).contains("Cryptoki version " + info.cryptokiVersion().major() + "."
                + info.cryptokiVersion().minor());
        assertThat(tool).contains(info.manufacturerId()).contains(info.libraryDescription());
        assertThat(info.manufacturerId()).isEqualTo("SoftHSM");
        assertThat(module.functionListVersion().major()).isEqualTo(2);
    }

    @Test
    void getSlotList_containsEverySlotPkcs11ToolLists() {
        long[] slots = cryptoki.getSlotList(true);
        List<Long> ours = new ArrayList<>();
        for (long slot : slots) {
            ours.add(slot);
        }
        for (SoftHsmFixture.SlotInfo s : fixture.listSlots()) {
            assertThat(ours).contains(s.slotId);
        }
        // SoftHSM2 always offers one more slot holding an uninitialised token.
        assertThat(cryptoki.getSlotList(false).length).isGreaterThanOrEqualTo(slots.length);
    }

    @Test
    void getTokenInfo_readsLabelSerialAndFlags() {
        TokenInfo info = cryptoki.getTokenInfo(token.slotId());
        assertThat(info.label()).isEqualTo(token.label());
        assertThat(info.serialNumber()).isEqualTo(token.serial());
        assertThat(info.manufacturerId()).isEqualTo("SoftHSM project");
        assertThat(info.initialized()).isTrue();
        assertThat(info.loginRequired()).isTrue();
        assertThat(info.userPinInitialized()).isTrue();
        assertThat(info.userPinLocked()).isFalse();
        assertThat(info.minPinLength()).isPositive().isLessThan(info.maxPinLength());
        // SoftHSM2 does not count sessions; the all-ones CK_ULONG must come through as the sentinel.
        assertThat(info.sessionCount()).isEqualTo(Ck.CK_UNAVAILABLE_INFORMATION);
        SlotInfo slot = cryptoki.getSlotInfo(token.slotId());
        assertThat(slot.tokenPresent()).isTrue();
    }

    @Test
    void mechanisms_listAndDescribeTheSigningOnesWeUse() {
        long[] mechanisms = cryptoki.getMechanismList(token.slotId());
        assertThat(mechanisms).contains(Ckm.CKM_SHA256_RSA_PKCS, Ckm.CKM_ECDSA, Ckm.CKM_EC_KEY_PAIR_GEN,
                Ckm.CKM_RSA_PKCS_KEY_PAIR_GEN);
        MechanismInfo ecdsa = cryptoki.getMechanismInfo(token.slotId(), Ckm.CKM_ECDSA);
        assertThat(ecdsa.canSign()).isTrue();
        assertThat(ecdsa.canGenerateKeyPair()).isFalse();
        MechanismInfo rsaGen = cryptoki.getMechanismInfo(token.slotId(), Ckm.CKM_RSA_PKCS_KEY_PAIR_GEN);
        assertThat(rsaGen.canGenerateKeyPair()).isTrue();
        assertThat(rsaGen.minKeySize()).isLessThanOrEqualTo(2048);
        assertThat(rsaGen.maxKeySize()).isGreaterThanOrEqualTo(4096);
    }

    @Test
    void sessionInfo_followsLoginAndLogout() {
        SessionInfo info = cryptoki.getSessionInfo(session);
        assertThat(info.slotId()).isEqualTo(token.slotId());
        assertThat(info.state()).isEqualTo(Cks.CKS_RW_USER_FUNCTIONS);
        assertThat(info.readWrite()).isTrue();
        cryptoki.logout(session);
        assertThat(cryptoki.getSessionInfo(session).state()).isEqualTo(Cks.CKS_RW_PUBLIC_SESSION);
        long readOnly = cryptoki.openSession(token.slotId(), 0);
        assertThat(cryptoki.getSessionInfo(readOnly).state()).isEqualTo(Cks.CKS_RO_PUBLIC_SESSION);
    }

    @Test
    void login_withWrongPin_throwsPinIncorrectAndLeavesTheSessionPublic() {
        cryptoki.logout(session);
        char[] wrong = "not-the-pin".toCharArray();
        assertThatThrownBy(() -> cryptoki.login(session, Cku.CKU_USER, wrong))
                .isInstanceOf(PinIncorrectException.class)
                .hasMessageStartingWith("C_Login failed with CKR_PIN_INCORRECT (0xA0)")
                .hasMessageNotContaining("not-the-pin");
        assertThat(wrong).containsExactly("not-the-pin".toCharArray());
        assertThat(cryptoki.getSessionInfo(session).state()).isEqualTo(Cks.CKS_RW_PUBLIC_SESSION);
    }

    @Test
    void findObjects_byClassAndLabel_findsExactlyTheImportedKey() {
        assertThat(find(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY), Attribute.ofUtf8(Cka.CKA_LABEL, "rsa")))
                .hasSize(1);
        assertThat(find(Attribute.of(Cka.CKA_ID, rsaKey.id()))).hasSize(3);
        assertThat(find(Attribute.ofUtf8(Cka.CKA_LABEL, "no such label"))).isEmpty();
    }

    @Test
    void findObjects_returnsAtMostMaxCountPerCall() {
        cryptoki.findObjectsInit(session, Collections.singletonList(Attribute.ofBoolean(Cka.CKA_TOKEN, true)));
        try {
            assertThat(cryptoki.findObjects(session, 1)).hasSize(1);
            assertThat(cryptoki.findObjects(session, 100)).hasSize(5);
            assertThat(cryptoki.findObjects(session, 100)).isEmpty();
        } finally {
            cryptoki.findObjectsFinal(session);
        }
    }

    @Test
    void getAttributeValue_readsValuesAndReportsSensitiveAndInvalidPerAttribute() {
        long key = single(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY), Attribute.of(Cka.CKA_ID, rsaKey.id()));
        List<AttributeValue> values = cryptoki.getAttributeValue(session, key, Cka.CKA_KEY_TYPE, Cka.CKA_MODULUS,
                Cka.CKA_LABEL, Cka.CKA_SIGN, Cka.CKA_ID, Cka.CKA_PRIVATE_EXPONENT);
        RSAPublicKey expected = (RSAPublicKey) rsaKey.publicKey();
        assertThat(values.get(0).asUlong()).contains(Ckk.CKK_RSA);
        assertThat(new BigInteger(1, values.get(1).bytes().get())).isEqualTo(expected.getModulus());
        assertThat(values.get(2).asUtf8()).contains("rsa");
        assertThat(values.get(3).asBoolean()).contains(true);
        assertThat(values.get(4).bytes().get()).isEqualTo(rsaKey.id());
        assertThat(values.get(5).status()).isEqualTo(AttributeValue.Status.SENSITIVE);
        assertThat(values.get(5).bytes()).isEmpty();

        List<AttributeValue> invalid = cryptoki.getAttributeValue(session, key, Cka.CKA_EC_POINT, Cka.CKA_CLASS);
        assertThat(invalid.get(0).status()).isEqualTo(AttributeValue.Status.TYPE_INVALID);
        assertThat(invalid.get(1).asUlong()).contains(Cko.CKO_PRIVATE_KEY);
    }

    @Test
    void getAttributeValue_readsTheCertificateByteForByte() throws Exception {
        long cert = single(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_CERTIFICATE), Attribute.of(Cka.CKA_ID, ecKey.id()));
        AttributeValue value = cryptoki.getAttributeValue(session, cert, Cka.CKA_VALUE).get(0);
        assertThat(value.bytes().get()).isEqualTo(ecKey.certificate().get().getEncoded());
    }

    @Test
    void sign_withSha256RsaPkcs_matchesTheJdksDeterministicSignature() throws Exception {
        long key = privateKey(rsaKey);
        cryptoki.signInit(session, Mechanism.of(Ckm.CKM_SHA256_RSA_PKCS), key);
        byte[] signature = cryptoki.sign(session, DATA);
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initSign(rsaKey.jvmPrivateKey().get());
        jdk.update(DATA);
        assertThat(signature).isEqualTo(jdk.sign());
    }

    @Test
    void sign_withEcdsa_verifiesWithTheCertificatesKey() throws Exception {
        long key = privateKey(ecKey);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(DATA);
        cryptoki.signInit(session, Mechanism.of(Ckm.CKM_ECDSA), key);
        byte[] raw = cryptoki.sign(session, digest);
        assertThat(raw).hasSize(64);
        assertThat(verifyEcdsa(ecKey.certificate().get().getPublicKey(), DATA, raw)).isTrue();
        assertThat(verifyEcdsa(ecKey.publicKey(), "other data".getBytes(StandardCharsets.UTF_8), raw)).isFalse();
    }

    @Test
    void sign_whenTheFirstBufferIsTooSmall_growsItAndFinishesTheSameOperation() throws Exception {
        JffiCryptoki tiny = new JffiCryptoki(((JffiCryptoki) cryptoki).functions(), 16);
        long key = privateKey(rsaKey);
        tiny.signInit(session, Mechanism.of(Ckm.CKM_SHA256_RSA_PKCS), key);
        byte[] signature = tiny.sign(session, DATA);
        assertThat(signature).hasSize(256);
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(rsaKey.publicKey());
        jdk.update(DATA);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void sign_withoutSignInit_throwsOperationNotInitialized() {
        assertThatThrownBy(() -> cryptoki.sign(session, DATA))
                .isInstanceOf(Pkcs11Exception.class)
                .hasMessageStartingWith("C_Sign failed with CKR_OPERATION_NOT_INITIALIZED");
    }

    @Test
    void signInit_withAnUnknownMechanism_throwsMechanismException() {
        long key = privateKey(rsaKey);
        assertThatThrownBy(() -> cryptoki.signInit(session, Mechanism.of(0x7FFF_FF00L), key))
                .isInstanceOf(Pkcs11MechanismException.class)
                .hasMessageContaining("C_SignInit")
                .hasMessageContaining("CKR_MECHANISM_INVALID");
    }

    @Test
    void signInit_withAKeyNotAllowedToSign_throwsKeyException() {
        KeyPairHandles pair = cryptoki.generateKeyPair(session, Mechanism.of(Ckm.CKM_EC_KEY_PAIR_GEN),
                Arrays.asList(Attribute.ofBoolean(Cka.CKA_TOKEN, false), Attribute.of(Cka.CKA_EC_PARAMS, P256_PARAMS)),
                Arrays.asList(Attribute.ofBoolean(Cka.CKA_TOKEN, false), Attribute.ofBoolean(Cka.CKA_SIGN, false)));
        assertThatThrownBy(() -> cryptoki.signInit(session, Mechanism.of(Ckm.CKM_ECDSA), pair.privateKey()))
                .isInstanceOf(Pkcs11KeyException.class)
                .hasMessageStartingWith("C_SignInit failed with CKR_KEY_FUNCTION_NOT_PERMITTED (0x68)")
                .hasMessageContaining("CKA_SIGN");
    }

    @Test
    void closedSession_throwsSessionLost() {
        long other = cryptoki.openSession(token.slotId(), 0);
        cryptoki.closeSession(other);
        assertThatThrownBy(() -> cryptoki.getSessionInfo(other))
                .isInstanceOf(SessionLostException.class)
                .hasMessageContaining("CKR_SESSION_HANDLE_INVALID");
    }

    @Test
    void generateKeyPair_ec_signsAndVerifiesOnTheToken() throws Exception {
        KeyPairHandles pair = cryptoki.generateKeyPair(session, Mechanism.of(Ckm.CKM_EC_KEY_PAIR_GEN),
                Arrays.asList(Attribute.ofBoolean(Cka.CKA_TOKEN, false), Attribute.of(Cka.CKA_EC_PARAMS, P256_PARAMS),
                        Attribute.ofBoolean(Cka.CKA_VERIFY, true)),
                Arrays.asList(Attribute.ofBoolean(Cka.CKA_TOKEN, false), Attribute.ofBoolean(Cka.CKA_SIGN, true),
                        Attribute.ofBoolean(Cka.CKA_SENSITIVE, true), Attribute.ofUtf8(Cka.CKA_LABEL, "generated")));
        assertThat(pair.publicKey()).isNotEqualTo(pair.privateKey());
        List<AttributeValue> pub = cryptoki.getAttributeValue(session, pair.publicKey(), Cka.CKA_EC_POINT,
                Cka.CKA_KEY_TYPE);
        assertThat(pub.get(1).asUlong()).contains(Ckk.CKK_EC);
        PublicKey jdkKey = ecPublicKey(pub.get(0).bytes().get());

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(DATA);
        cryptoki.signInit(session, Mechanism.of(Ckm.CKM_ECDSA), pair.privateKey());
        byte[] raw = cryptoki.sign(session, digest);
        assertThat(verifyEcdsa(jdkKey, DATA, raw)).isTrue();

        cryptoki.verifyInit(session, Mechanism.of(Ckm.CKM_ECDSA), pair.publicKey());
        assertThat(cryptoki.verify(session, digest, raw)).isTrue();
        raw[5] ^= 1;
        cryptoki.verifyInit(session, Mechanism.of(Ckm.CKM_ECDSA), pair.publicKey());
        assertThat(cryptoki.verify(session, digest, raw)).isFalse();
        assertThat(cryptoki.getAttributeValue(session, pair.privateKey(), Cka.CKA_LABEL).get(0).asUtf8())
                .contains("generated");
    }

    @Test
    void generateKeyPair_rsa_producesAKeyOfTheRequestedSize() throws Exception {
        KeyPairHandles pair = cryptoki.generateKeyPair(session, Mechanism.of(Ckm.CKM_RSA_PKCS_KEY_PAIR_GEN),
                Arrays.asList(Attribute.ofBoolean(Cka.CKA_TOKEN, false), Attribute.ofUlong(Cka.CKA_MODULUS_BITS, 2048),
                        Attribute.of(Cka.CKA_PUBLIC_EXPONENT, new byte[] {1, 0, 1})),
                Arrays.asList(Attribute.ofBoolean(Cka.CKA_TOKEN, false), Attribute.ofBoolean(Cka.CKA_SIGN, true)));
        List<AttributeValue> pub = cryptoki.getAttributeValue(session, pair.publicKey(), Cka.CKA_MODULUS,
                Cka.CKA_PUBLIC_EXPONENT, Cka.CKA_MODULUS_BITS);
        BigInteger modulus = new BigInteger(1, pub.get(0).bytes().get());
        assertThat(modulus.bitLength()).isEqualTo(2048);
        assertThat(pub.get(2).asUlong()).contains(2048L);
        PublicKey jdkKey = KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(modulus, new BigInteger(1, pub.get(1).bytes().get())));
        cryptoki.signInit(session, Mechanism.of(Ckm.CKM_SHA256_RSA_PKCS), pair.privateKey());
        byte[] signature = cryptoki.sign(session, DATA);
        Signature jdk = Signature.getInstance("SHA256withRSA");
        jdk.initVerify(jdkKey);
        jdk.update(DATA);
        assertThat(jdk.verify(signature)).isTrue();
    }

    @Test
    void createAndDestroyObject_roundTripsAValueAndThenForgetsTheHandle() {
        byte[] value = {1, 2, 3, 0, (byte) 0xFF};
        long object = cryptoki.createObject(session, Arrays.asList(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_DATA),
                Attribute.ofBoolean(Cka.CKA_TOKEN, false), Attribute.ofUtf8(Cka.CKA_LABEL, "data"),
                Attribute.of(Cka.CKA_VALUE, value)));
        assertThat(cryptoki.getAttributeValue(session, object, Cka.CKA_VALUE).get(0).bytes()).hasValue(value);
        assertThat(cryptoki.getAttributeValue(session, object, Cka.CKA_VALUE).get(0).bytes().get()).isEqualTo(value);
        cryptoki.destroyObject(session, object);
        assertThatThrownBy(() -> cryptoki.getAttributeValue(session, object, Cka.CKA_VALUE))
                .isInstanceOf(Pkcs11KeyException.class)
                .hasMessageContaining("CKR_OBJECT_HANDLE_INVALID");
    }

    @Test
    void createObject_withAnIncompleteTemplate_namesTheProblem() {
        assertThatThrownBy(() -> cryptoki.createObject(session,
                Collections.singletonList(Attribute.ofBoolean(Cka.CKA_TOKEN, false))))
                .isInstanceOf(Pkcs11Exception.class)
                .hasMessageStartingWith("C_CreateObject failed with CKR_TEMPLATE_INCOMPLETE");
    }

    @Test
    void generateRandom_returnsFreshBytesOfTheRequestedLength() {
        byte[] a = cryptoki.generateRandom(session, 32);
        byte[] b = cryptoki.generateRandom(session, 32);
        assertThat(a).hasSize(32);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void sign_fromManyThreadsAtOnce_eachSignatureVerifies() throws Exception {
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int thread = t;
                Callable<Integer> work = () -> {
                    long own = cryptoki.openSession(token.slotId(), 0);
                    long key = privateKey(own, ecKey);
                    int verified = 0;
                    for (int i = 0; i < perThread; i++) {
                        byte[] data = ("thread " + thread + " message " + i).getBytes(StandardCharsets.UTF_8);
                        cryptoki.signInit(own, Mechanism.of(Ckm.CKM_ECDSA), key);
                        byte[] raw = cryptoki.sign(own, MessageDigest.getInstance("SHA-256").digest(data));
                        if (verifyEcdsa(ecKey.publicKey(), data, raw)) {
                            verified++;
                        }
                    }
                    cryptoki.closeSession(own);
                    return verified;
                };
                results.add(pool.submit(work));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(perThread);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Long> find(Attribute... template) {
        cryptoki.findObjectsInit(session, Arrays.asList(template));
        try {
            List<Long> found = new ArrayList<>();
            for (long handle : cryptoki.findObjects(session, 64)) {
                found.add(handle);
            }
            return found;
        } finally {
            cryptoki.findObjectsFinal(session);
        }
    }

    private long single(Attribute... template) {
        List<Long> found = find(template);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private long privateKey(TokenKey key) {
        return privateKey(session, key);
    }

    private static long privateKey(long session, TokenKey key) {
        cryptoki.findObjectsInit(session, Arrays.asList(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY),
                Attribute.of(Cka.CKA_ID, key.id())));
        try {
            long[] found = cryptoki.findObjects(session, 2);
            assertThat(found).hasSize(1);
            return found[0];
        } finally {
            cryptoki.findObjectsFinal(session);
        }
    }

    private static boolean verifyEcdsa(PublicKey key, byte[] data, byte[] raw) throws Exception {
        int half = raw.length / 2;
        byte[] der = new DERSequence(new ASN1Integer[] {
            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))),
            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length)))
        }).getEncoded();
        Signature jdk = Signature.getInstance("SHA256withECDSA");
        jdk.initVerify(key);
        jdk.update(data);
        return jdk.verify(der);
    }

    /** CKA_EC_POINT is a DER OCTET STRING around the uncompressed point 04 || X || Y. */
    private static PublicKey ecPublicKey(byte[] ecPoint) throws Exception {
        byte[] point = ASN1OctetString.getInstance(ecPoint).getOctets();
        assertThat(point[0]).isEqualTo((byte) 4);
        int half = (point.length - 1) / 2;
        ECPoint w = new ECPoint(new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + half)),
                new BigInteger(1, Arrays.copyOfRange(point, 1 + half, point.length)));
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        return KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(w, parameters.getParameterSpec(ECParameterSpec.class)));
    }
}
