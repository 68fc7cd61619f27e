package dev.rolesanywhere.benchmarks;

import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.pkcs11.Pkcs11Signer;
import dev.rolesanywhere.testing.TestKeyType;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signatures per second with one key on the fixture's SoftHSM2 token: {@link Pkcs11Signer} against the JDK's
 * SunPKCS11 provider (the C baseline runs outside JMH, see {@link CBaseline}). Both sign the same {@link #MESSAGE}
 * and produce the same kind of signature (PKCS#1 v1.5 SHA-256, or DER ECDSA over SHA-256); each setup checks one
 * signature against the certificate, so a broken setup cannot pass for a fast one.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SigningBenchmark {
    /** About the size of a CreateSession string to sign. */
    public static final int MESSAGE_BYTES = 256;

    /** Fixed content, so the C baseline can be handed exactly the same bytes. */
    public static final byte[] MESSAGE = message();

    private static byte[] message() {
        byte[] m = new byte[MESSAGE_BYTES];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) ('A' + i % 26);
        }
        return m;
    }

    /**
     * The bytes the token itself is given: the message for RSA (CKM_SHA256_RSA_PKCS hashes it), its SHA-256 digest
     * for EC (CKM_ECDSA signs what it is given): what Pkcs11Signer does, so the C baseline does the same.
     */
    public static byte[] tokenInput(TestKeyType type) {
        if (type.isRsa()) {
            return MESSAGE.clone();
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(MESSAGE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which key both implementations use in this run. */
    @State(Scope.Benchmark)
    public static class KeyChoice {
        @Param({"RSA_2048", "EC_P256"})
        public TestKeyType keyType;

        BenchmarkFixture fixture;

        @Setup(Level.Trial)
        public void setUp() {
            fixture = BenchmarkFixture.fromEnvironment();
        }
    }

    /** One signer shared by all benchmark threads, as an application would share it. */
    @State(Scope.Benchmark)
    public static class OurSigner {
        Pkcs11Signer signer;

        @Setup(Level.Trial)
        public void setUp(KeyChoice choice) {
            signer = Pkcs11Signer.builder()
                    .uri(choice.fixture.pkcs11Uri(choice.keyType))
                    .pinCallback(PinCallback.ofFile(choice.fixture.pinFile()))
                    .maxSessions(8)
                    .build();
            checkSignature(choice.fixture.tokenCertificate(choice.keyType), choice.keyType, signer.sign(MESSAGE),
                    "Pkcs11Signer");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            signer.close();
        }
    }

    /** The JDK's provider for the same module, slot and key, logged in through its KeyStore. */
    @State(Scope.Benchmark)
    public static class SunPkcs11Key {
        Provider provider;
        PrivateKey key;

        @Setup(Level.Trial)
        public void setUp(KeyChoice choice) throws GeneralSecurityException, java.io.IOException {
            BenchmarkFixture fixture = choice.fixture;
            String config = "--name=RolesAnywhereBench\n"
                    + "library=" + fixture.modulePath() + "\n"
                    + "slot=" + fixture.slotId() + "\n";
            provider = Security.getProvider("SunPKCS11").configure(config);
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            char[] pin = fixture.readPin();
            try {
                store.load(null, pin);
            } finally {
                Arrays.fill(pin, '\0');
            }
            X509Certificate wanted = fixture.tokenCertificate(choice.keyType);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && wanted.equals(store.getCertificate(alias))) {
                    key = (PrivateKey) store.getKey(alias, null);
                }
            }
            if (key == null) {
                throw new IllegalStateException("SunPKCS11 lists no key entry for " + wanted.getSubjectX500Principal()
                        + " in slot " + fixture.slotId());
            }
            Signature probe = Signature.getInstance(choice.keyType.jcaSignatureAlgorithm(), provider);
            probe.initSign(key);
            probe.update(MESSAGE);
            checkSignature(wanted, choice.keyType, probe.sign(), "SunPKCS11");
        }
    }

    /** A JCA Signature is not thread-safe: one per benchmark thread. */
    @State(Scope.Thread)
    public static class SunPkcs11Signature {
        Signature signature;

        @Setup(Level.Trial)
        public void setUp(KeyChoice choice, SunPkcs11Key key) throws GeneralSecurityException {
            signature = Signature.getInstance(choice.keyType.jcaSignatureAlgorithm(), key.provider);
        }
    }

    @Benchmark
    public byte[] pkcs11Signer(OurSigner state) {
        return state.signer.sign(MESSAGE);
    }

    @Benchmark
    public byte[] sunPkcs11(SunPkcs11Key key, SunPkcs11Signature state) throws GeneralSecurityException {
        state.signature.initSign(key.key);
        state.signature.update(MESSAGE);
        return state.signature.sign();
    }

    static void checkSignature(X509Certificate certificate, TestKeyType type, byte[] signature, String who) {
        try {
            Signature verifier = Signature.getInstance(type.jcaSignatureAlgorithm());
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(MESSAGE);
            if (!verifier.verify(signature)) {
                throw new IllegalStateException(who + " produced a " + type + " signature that does not verify "
                        + "with the token's certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(who + " produced an unreadable " + type + " signature: " + e, e);
        }
    }
}
