package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.pkcs11.internal.ffi.Attribute;
import dev.rolesanywhere.pkcs11.internal.ffi.AttributeValue;
import dev.rolesanywhere.pkcs11.internal.ffi.Cka;
import dev.rolesanywhere.pkcs11.internal.ffi.Cko;
import dev.rolesanywhere.pkcs11.internal.ffi.Cryptoki;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleHandle;
import dev.rolesanywhere.pkcs11.internal.ffi.ModuleRegistry;
import dev.rolesanywhere.testing.ProcessRunner;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.pkcs11.internal.ffi.Ckr;
import dev.rolesanywhere.testing.FaultModule;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key generation, certificate request and certificate import on a real SoftHSM2 token, then signing with it. */
class TokenProvisionerTest {
    private static final byte[] DATA = "provisioned".getBytes(StandardCharsets.UTF_8);
    private static final AtomicInteger IDS = new AtomicInteger(0x40);

    private static SoftHsmFixture fixture;
    private static SoftHsmToken token;
    private static SoftHsmToken faultyToken;
    private static TokenKey alwaysAuthenticate;
    private static FaultModule faults;
    private static TestCertificateAuthority intermediate;
    private static TokenProvisioner provisioner;

    @BeforeAll
    static void setUp() {
        fixture = SoftHsmFixture.shared();
        token = fixture.createToken();
        faultyToken = fixture.createToken();
        // A YubiKey's slot 9c generates keys like this whatever the template asks for.
        alwaysAuthenticate = fixture.createToken().key("csr-always").type(TestKeyType.EC_P256).generatedOnToken()
                .alwaysAuthenticate().withoutCertificate().create();
        faults = FaultModule.overSoftHsm();
        intermediate = TestCertificateAuthority.create().issueIntermediate();
        provisioner = TokenProvisioner.builder().uri(token.uri()).pinCallback(PinCallback.ofValue(token.userPin()))
                .build();
    }

    @AfterAll
    static void tearDown() {
        provisioner.close();
        faults.reset();
    }

    private static byte[] nextId() {
        return new byte[] {(byte) 0x7a, (byte) IDS.incrementAndGet()};
    }

    private static Pkcs11Signer signerFor(byte[] id) {
        return Pkcs11Signer.builder().uri(Pkcs11Uri.parse(token.uri()).toBuilder().id(id).build())
                .pinCallback(PinCallback.ofValue(token.userPin())).build();
    }

    @ParameterizedTest
    @EnumSource(TokenProvisioner.KeyType.class)
    void generateRequestImport_thenSignerSignsWithTheNewKeyAndSendsTheIntermediate(TokenProvisioner.KeyType type)
            throws Exception {
        byte[] id = nextId();
        TokenProvisioner.GeneratedKey key = provisioner.generateKeyPair(type, id, "ra-" + type);

        String pem = provisioner.certificateRequestPem(key, "CN=host-" + type + ",O=Example");
        Path csr = Files.createTempFile(fixture.workDirectory(), "csr-", ".pem");
        Files.write(csr, pem.getBytes(StandardCharsets.US_ASCII));
        String verify = ProcessRunner.command("openssl", "req", "-in", csr.toString(), "-verify", "-noout", "-subject")
                .run().check().output();
        assertThat(verify).contains("verify OK").contains("host-" + type);

        JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(
                new PKCS10CertificationRequest(provisioner.certificateRequest(key, "CN=again")));
        assertThat(request.getPublicKey()).isEqualTo(key.publicKey());

        IssuedCertificate issued = intermediate.issueClientCertificate(request.getPublicKey(), "CN=host-" + type);
        provisioner.importCertificate(id, "ra-" + type, issued.certificate(), issued.chain());

        try (Pkcs11Signer signer = signerFor(id)) {
            assertThat(signer.certificate()).isEqualTo(issued.certificate());
            assertThat(signer.certificateChain()).containsExactly(intermediate.certificate());
            byte[] signature = signer.sign(DATA);
            assertThat(Signatures.verifiesInJca(issued.certificate().getPublicKey(), DATA, signature)).isTrue();
            assertThat(Signatures.verifiesWithOpenssl(issued.certificate().getPublicKey(), DATA, signature,
                    fixture.workDirectory())).isTrue();
        }
    }

    @Test
    void generateKeyPair_makesASensitiveNeverExtractableSigningKey() {
        byte[] id = nextId();
        provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256, id, "attributes");
        // Read back through the raw binding, independently of the provisioner.
        try (ModuleHandle module = ModuleRegistry.global().acquire(token.modulePath().toString())) {
            Cryptoki c = module.cryptoki();
            long session = c.openSession(token.slotId(), 0);
            try {
                List<Attribute> template = new ArrayList<>();
                template.add(Attribute.ofUlong(Cka.CKA_CLASS, Cko.CKO_PRIVATE_KEY));
                template.add(Attribute.of(Cka.CKA_ID, id));
                // The provisioner's login is application-wide, so this session sees the private object.
                c.findObjectsInit(session, template);
                long[] handles = c.findObjects(session, 10);
                c.findObjectsFinal(session);
                assertThat(handles).hasSize(1);
                List<AttributeValue> v = c.getAttributeValue(session, handles[0], Cka.CKA_EXTRACTABLE,
                        Cka.CKA_SENSITIVE, Cka.CKA_NEVER_EXTRACTABLE, Cka.CKA_SIGN, Cka.CKA_PRIVATE, Cka.CKA_VALUE);
                assertThat(v.get(0).asBoolean()).contains(false);
                assertThat(v.get(1).asBoolean()).contains(true);
                assertThat(v.get(2).asBoolean()).contains(true);
                assertThat(v.get(3).asBoolean()).contains(true);
                assertThat(v.get(4).asBoolean()).contains(true);
                assertThat(v.get(5).isPresent()).isFalse();
            } finally {
                c.closeSession(session);
            }
        }
    }

    @Test
    void generateKeyPair_withAnIdInUse_refusesAndNamesTheId() {
        byte[] id = nextId();
        provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256, id, "first");
        assertThatThrownBy(() -> provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256, id, "second"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("already exists")
                .hasMessageContaining(Hex.toHexString(id));
    }

    @Test
    void importCertificate_forAnotherKey_isRefused() {
        byte[] id = nextId();
        provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256, id, "mine");
        IssuedCertificate foreign = intermediate.issueClientCertificate();
        assertThatThrownBy(() -> provisioner.importCertificate(id, "mine", foreign.certificate(),
                Collections.<X509Certificate>emptyList()))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("different key");
    }

    @Test
    void importCertificate_withoutKey_isRefused() {
        IssuedCertificate issued = intermediate.issueClientCertificate();
        assertThatThrownBy(() -> provisioner.importCertificate(new byte[] {0x01, 0x02, 0x03}, "none",
                issued.certificate(), null))
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("No private key with id 010203");
    }

    @Test
    void importCertificate_again_replacesThePreviousCertificate() {
        byte[] id = nextId();
        TokenProvisioner.GeneratedKey key = provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P384, id, "renew");
        IssuedCertificate first = intermediate.issueClientCertificate(key.publicKey(), "CN=renew-1");
        IssuedCertificate second = intermediate.issueClientCertificate(key.publicKey(), "CN=renew-2");
        provisioner.importCertificate(id, "renew", first.certificate(), first.chain());
        provisioner.importCertificate(id, "renew", second.certificate(), second.chain());

        try (Pkcs11Signer signer = signerFor(id)) {
            assertThat(signer.certificate()).isEqualTo(second.certificate());
            assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void certificateRequest_withAnAlwaysAuthenticateKey_logsInForItsSignature() throws Exception {
        try (TokenProvisioner p = TokenProvisioner.builder().uri(alwaysAuthenticate.token().uri())
                .pinCallback(PinCallback.ofValue(alwaysAuthenticate.token().userPin())).build()) {
            TokenProvisioner.GeneratedKey key = new TokenProvisioner.GeneratedKey(alwaysAuthenticate.id(),
                    alwaysAuthenticate.label(), TokenProvisioner.KeyType.EC_P256, alwaysAuthenticate.publicKey());

            JcaPKCS10CertificationRequest request = new JcaPKCS10CertificationRequest(
                    new PKCS10CertificationRequest(p.certificateRequest(key, "CN=slot-9c")));

            assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder()
                    .build(alwaysAuthenticate.publicKey()))).isTrue();
        }
    }

    @Test
    void importCertificate_whenCreatingTheNewCertificateFails_keepsTheOldOne() {
        assertFailedRenewalKeepsTheOldCertificate("C_CreateObject", "renew-safe");
    }

    @Test
    void importCertificate_whenDestroyingTheOldCertificateFails_removesTheNewOneAgain() {
        assertFailedRenewalKeepsTheOldCertificate("C_DestroyObject", "renew-undo");
    }

    /** Imports a certificate, then a renewal while {@code function} fails once with CKR_DEVICE_ERROR. */
    private static void assertFailedRenewalKeepsTheOldCertificate(String function, String label) {
        byte[] id = nextId();
        IssuedCertificate first;
        try (TokenProvisioner p = faultyProvisioner()) {
            TokenProvisioner.GeneratedKey key = p.generateKeyPair(TokenProvisioner.KeyType.EC_P256, id, label);
            first = intermediate.issueClientCertificate(key.publicKey(), "CN=" + label + "-1");
            p.importCertificate(id, label, first.certificate(), first.chain());
            IssuedCertificate second = intermediate.issueClientCertificate(key.publicKey(), "CN=" + label + "-2");
            faults.inject(function, Ckr.CKR_DEVICE_ERROR, 1);

            assertThatThrownBy(() -> p.importCertificate(id, label, second.certificate(), second.chain()))
                    .isInstanceOf(Pkcs11Exception.class);
        }
        faults.reset();
        assertThat(certificatesWithId(id)).containsExactly(first.certificate());
    }

    private static TokenProvisioner faultyProvisioner() {
        return TokenProvisioner.builder()
                .uri(Pkcs11Uri.parse(faultyToken.uri()).toBuilder().modulePath(faults.modulePath().toString()).build())
                .pinCallback(PinCallback.ofValue(faultyToken.userPin())).build();
    }

    /** The certificates stored under {@code id} on the faulty token, read by an inventory. */
    private static List<X509Certificate> certificatesWithId(byte[] id) {
        List<X509Certificate> found = new ArrayList<>();
        try (TokenInventory inventory = TokenInventory.builder()
                .uri(Pkcs11Uri.parse(faultyToken.uri()).toBuilder().modulePath(faults.modulePath().toString()).build())
                .pinCallback(PinCallback.ofValue(faultyToken.userPin())).build()) {
            for (TokenInventory.CertificateEntry c : inventory.certificates()) {
                if (c.id().isPresent() && Arrays.equals(c.id().get(), id)) {
                    found.add(c.certificate());
                }
            }
        }
        return found;
    }

    @Test
    void build_withUriMatchingNoToken_failsListingTokens() {
        assertThatThrownBy(() -> TokenProvisioner.builder()
                .uri(Pkcs11Uri.parse(token.uri()).toBuilder().token("absent-token").build()).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("No token");
    }

    @Test
    void build_withLibraryAttributesContradictingTheModule_isRefusedLikeTheSignerAndInventory() {
        assertThatThrownBy(() -> TokenProvisioner.builder()
                .uri(Pkcs11Uri.parse(token.uri()).toBuilder().libraryManufacturer("Some Other Vendor").build())
                .pinCallback(PinCallback.ofValue(token.userPin())).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("library-manufacturer=Some%20Other%20Vendor")
                .hasMessageContaining("SoftHSM");
    }

    @Test
    void certificateRequest_withMalformedSubject_namesTheExpectedForm() {
        TokenProvisioner.GeneratedKey key = provisioner.generateKeyPair(TokenProvisioner.KeyType.EC_P256, nextId(),
                "subject");
        assertThatThrownBy(() -> provisioner.certificateRequest(key, "not a name"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("CN=");
        assertThat(Arrays.asList(TokenProvisioner.KeyType.values())).hasSize(5);
    }
}
