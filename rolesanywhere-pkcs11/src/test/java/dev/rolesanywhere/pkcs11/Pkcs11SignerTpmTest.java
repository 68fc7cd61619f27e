package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.SigningAlgorithm;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckm;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.Mechanism;
import dev.rolesanywhere.pkcs11.internal.token.EcdsaSignatureEncoding;
import dev.rolesanywhere.pkcs11.internal.token.ContextSettings;
import dev.rolesanywhere.pkcs11.internal.token.ModuleContext;
import dev.rolesanywhere.pkcs11.internal.token.PrivateKeyObject;
import dev.rolesanywhere.pkcs11.internal.token.SessionLease;
import dev.rolesanywhere.pkcs11.internal.token.Token;
import dev.rolesanywhere.testing.TestPki;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.pkcs11.testing.TpmFixture;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keys generated inside a (software) TPM, through tpm2-pkcs11 behind the tpm2-abrmd resource manager. */
class Pkcs11SignerTpmTest {
    private static final byte[] DATA = "tpm".getBytes(StandardCharsets.UTF_8);
    private static TpmFixture tpm;

    @BeforeAll
    static void startTpm() {
        tpm = TpmFixture.shared();
    }

    private static Pkcs11Signer signer(TpmFixture.Key key) {
        return Pkcs11Signer.builder().uri(key.uri()).pinCallback(PinCallback.ofValue(tpm.userPin())).build();
    }

    @Test
    void createSession_withTpmKeys_returnsCredentialsTheEmulatorVerified() {
        try (RolesAnywhereEmulator emulator = RolesAnywhereEmulator.builder()
                .trustAnchor(TestPki.shared().caCertificate()).build().start();
                CreateSessionClient client = CreateSessionClient.builder().endpoint(emulator.endpoint())
                        .trustStore(emulator.trustStore()).build()) {
            for (TpmFixture.Key key : List.of(tpm.ecKey(), tpm.rsaKey())) {
                try (Pkcs11Signer signer = signer(key)) {
                    SessionCredentials credentials = client.createSession(CreateSessionRequest.builder()
                            .signer(signer).trustAnchorArn(emulator.trustAnchorArn())
                            .profileArn(emulator.profileArn()).roleArn(emulator.roleArn()).build());

                    assertThat(credentials.accessKeyId()).startsWith("ASIA");
                    LoggedRequest logged = emulator.requestLog().last().orElseThrow();
                    assertThat(logged.statusCode()).isEqualTo(201);
                    assertThat(logged.serialNumber()).contains(key.certificate().getSerialNumber().toString());
                    assertThat(logged.algorithm()).contains(signer.algorithm().headerValue());
                }
            }
        }
    }

    @Test
    void sign_withTpmEcKey_verifiesWithOpenssl() {
        try (Pkcs11Signer signer = signer(tpm.ecKey())) {
            assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.ECDSA_SHA256);
            assertThat(signer.certificate()).isEqualTo(tpm.ecKey().certificate());
            assertThat(Signatures.verifiesWithOpenssl(tpm.ecKey().publicKey(), DATA, signer.sign(DATA),
                    SoftHsmFixture.shared().workDirectory())).isTrue();
        }
    }

    @Test
    void sign_withTpmRsaKey_verifiesWithOpenssl() {
        try (Pkcs11Signer signer = signer(tpm.rsaKey())) {
            assertThat(signer.algorithm()).isEqualTo(SigningAlgorithm.RSA_SHA256);
            assertThat(Signatures.verifiesWithOpenssl(tpm.rsaKey().publicKey(), DATA, signer.sign(DATA),
                    SoftHsmFixture.shared().workDirectory())).isTrue();
        }
    }

    @Test
    void sign_fromSeveralThreads_onSeveralSessions_everySignatureVerifies() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(tpm.ecKey().uri())
                .pinCallback(PinCallback.ofValue(tpm.userPin())).maxSessions(4).build()) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                byte[] data = ("tpm " + i).getBytes(StandardCharsets.UTF_8);
                results.add(pool.submit(() -> Signatures.verifiesInJca(tpm.ecKey().publicKey(), data,
                        signer.sign(data))));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get(5, TimeUnit.MINUTES)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Why TPM tokens are not limited to one session: tpm2-pkcs11 (behind tpm2-abrmd) keeps each session's operation
     * apart, even with the operations of four sessions interleaved. Only opening sessions is serialised (SessionPool).
     */
    @Test
    void tpmToken_keepsTheOperationsOfInterleavedSessionsApart() throws Exception {
        try (ModuleContext context = ModuleContext.open(tpm.ecKey().uri(), null, ContextSettings.builder().maxSessions(4).build())) {
            Token token = context.singleToken();
            token.ensureLoggedIn(PinCallback.ofValue(tpm.userPin()));
            List<Attribute> template = new ArrayList<>();
            template.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY));
            template.add(Attribute.of(Cka.CKA_ID, tpm.ecKey().id()));
            List<PrivateKeyObject> keys = PrivateKeyObject.findAll(token, template);
            assertThat(keys).hasSize(1);
            Cryptoki cryptoki = token.cryptoki();

            List<SessionLease> sessions = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    sessions.add(token.sessions().borrow());
                }
                for (SessionLease s : sessions) {
                    cryptoki.signInit(s.handle(), Mechanism.of(Ckm.CKM_ECDSA), keys.get(0).handle());
                }
                for (int i = 0; i < sessions.size(); i++) {
                    byte[] data = ("interleaved " + i).getBytes(StandardCharsets.UTF_8);
                    byte[] raw = cryptoki.sign(sessions.get(i).handle(),
                            MessageDigest.getInstance("SHA-256").digest(data));
                    assertThat(Signatures.verifiesInJca(tpm.ecKey().publicKey(), data,
                            EcdsaSignatureEncoding.toDer(raw, 32))).as("session %d", i).isTrue();
                }
            } finally {
                sessions.forEach(SessionLease::close);
            }
        }
    }
}
