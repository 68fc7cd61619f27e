package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.AccessDeniedException;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.KeyType;
import dev.rolesanywhere.emulator.LoggedRequest;
import dev.rolesanywhere.emulator.RolesAnywhereEmulator;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole path: a key generated on a SoftHSM2 token, its certificate issued by an intermediate CA and stored on
 * the token with that CA, Pkcs11Signer, the core CreateSession client, and the emulator over real HTTPS, which
 * verifies the signature and the chain to its trust anchor with its own code.
 */
class Pkcs11SignerEmulatorTest {
    private static TestCertificateAuthority root;
    private static TestCertificateAuthority intermediate;
    private static RolesAnywhereEmulator emulator;
    private static SoftHsmToken token;

    @BeforeAll
    static void setUp() {
        root = TestCertificateAuthority.builder().keyType(KeyType.EC_P256).build();
        intermediate = root.issueIntermediate(KeyType.EC_P256);
        emulator = RolesAnywhereEmulator.builder().trustAnchor(root.certificate()).build().start();
        token = SoftHsmFixture.shared().createToken();
    }

    @AfterAll
    static void tearDown() {
        emulator.close();
    }

    @BeforeEach
    void clearLog() {
        emulator.requestLog().clear();
    }

    /** Generates the key on the token, has the intermediate issue its certificate, stores certificate and CA. */
    private static Pkcs11Uri provision(TokenProvisioner.KeyType type, byte id) {
        try (TokenProvisioner p = TokenProvisioner.builder().uri(token.uri())
                .pinCallback(PinCallback.ofValue(token.userPin())).build()) {
            TokenProvisioner.GeneratedKey key = p.generateKeyPair(type, new byte[] {id}, "ra-" + type);
            IssuedCertificate issued = intermediate.issueClientCertificate(key.publicKey(), "CN=workload-" + type);
            p.importCertificate(key.id(), key.label(), issued.certificate(), issued.intermediates());
        }
        return Pkcs11Uri.parse(token.uri()).toBuilder().id(new byte[] {id}).pinSource(token.writePinFile().toString())
                .build();
    }

    private static CreateSessionClient client() {
        return CreateSessionClient.builder().endpoint(emulator.endpoint()).trustStore(emulator.trustStore()).build();
    }

    private static CreateSessionRequest request(Pkcs11Signer signer) {
        return CreateSessionRequest.builder().signer(signer).trustAnchorArn(emulator.trustAnchorArn())
                .profileArn(emulator.profileArn()).roleArn(emulator.roleArn()).build();
    }

    @ParameterizedTest
    @EnumSource(value = TokenProvisioner.KeyType.class, names = {"EC_P256", "EC_P384", "RSA_2048"})
    void createSession_withKeyOnToken_andIntermediateFromToken_returnsCredentials(TokenProvisioner.KeyType type) {
        Pkcs11Uri uri = provision(type, (byte) (0x30 + type.ordinal()));
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri).build(); CreateSessionClient client = client()) {
            SessionCredentials credentials = client.createSession(request(signer));

            assertThat(credentials.accessKeyId()).isNotBlank();
            assertThat(credentials.expiration()).isAfter(Instant.now());
            assertThat(credentials.roleArn()).isEqualTo(emulator.roleArn());
        }
        LoggedRequest logged = emulator.requestLog().last().get();
        assertThat(logged.succeeded()).isTrue();
        assertThat(logged.algorithm()).contains(type.isRsa() ? "AWS4-X509-RSA-SHA256" : "AWS4-X509-ECDSA-SHA256");
        assertThat(logged.signedHeaders()).contains("x-amz-x509-chain");
    }

    @Test
    void createSession_withoutTheTokensIntermediate_isDeniedByTheService() {
        Pkcs11Uri uri = provision(TokenProvisioner.KeyType.EC_P256, (byte) 0x3f);
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri).includeTokenCertificates(false).build();
                CreateSessionClient client = client()) {
            assertThat(signer.certificateChain()).isEmpty();
            assertThatThrownBy(() -> client.createSession(request(signer)))
                    .isInstanceOf(AccessDeniedException.class);
        }
    }
}
