package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import dev.rolesanywhere.testing.TestKeyType;
import dev.rolesanywhere.testing.TestPki;
import dev.rolesanywhere.testing.TokenKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TokenInventory against real SoftHSM2 tokens: two tokens, several keys and certificates (RSA and EC, a private
 * certificate, an always-authenticate key, a CA certificate, a key without certificate). Expected values come from
 * what the fixture put on the tokens; every listed URI is fed back into a {@link Pkcs11Signer} that must work.
 */
class TokenInventoryTest {
    private static final byte[] DATA = "inventory round trip".getBytes(StandardCharsets.UTF_8);

    private static SoftHsmFixture fixture;
    private static SoftHsmToken tokenA;
    private static SoftHsmToken tokenB;
    private static TokenKey rsa;
    private static TokenKey ec;
    private static TokenKey privateCert;
    private static TokenKey always;
    private static TokenKey bare;
    private static TokenKey onB;

    @BeforeAll
    static void tokens() throws Exception {
        fixture = SoftHsmFixture.shared();
        tokenA = fixture.createToken();
        tokenB = fixture.createToken();
        rsa = tokenA.key("inv-rsa").type(TestKeyType.RSA_2048).create();
        ec = tokenA.key("inv-ec").type(TestKeyType.EC_P256).create();
        privateCert = tokenA.key("inv-private-cert").privateCertificate().create();
        always = tokenA.key("inv-always").alwaysAuthenticate().create();
        bare = tokenA.key("inv-bare").withoutCertificate().create();
        Path ca = Files.createTempFile(fixture.workDirectory(), "ca-", ".der");
        Files.write(ca, TestPki.shared().caCertificate().getEncoded());
        tokenA.pkcs11ToolLoggedIn("--write-object", ca.toString(), "--type", "cert", "--id", "ca01", "--label",
                "inv-ca");
        onB = tokenB.key("inv-b").create();
    }

    private static TokenInventory inventory(SoftHsmToken token, boolean withPin) {
        TokenInventory.Builder b = TokenInventory.builder().uri(token.uri());
        if (withPin) {
            b.pinCallback(PinCallback.ofValue(token.userPin()));
        }
        return b.build();
    }

    private static Optional<TokenInventory.CertificateEntry> certificateLabelled(
            List<TokenInventory.CertificateEntry> entries, String label) {
        return entries.stream().filter(e -> e.label().equals(Optional.of(label))).findFirst();
    }

    @Test
    void tokens_listsEveryTokenOfTheModule_withIdentityFromTheFixture() {
        Pkcs11Uri everything = Pkcs11Uri.builder().modulePath(fixture.modulePath().toString()).build();
        try (TokenInventory inventory = TokenInventory.builder().uri(everything).build()) {
            List<TokenInventory.TokenEntry> tokens = inventory.tokens();
            List<String> labels = tokens.stream().map(TokenInventory.TokenEntry::label).collect(Collectors.toList());
            assertThat(labels).contains(tokenA.label(), tokenB.label());
            TokenInventory.TokenEntry a = tokens.stream().filter(t -> t.label().equals(tokenA.label())).findFirst()
                    .get();
            assertThat(a.serial()).isEqualTo(tokenA.serial());
            assertThat(a.slotId()).isEqualTo(tokenA.slotId());
            assertThat(a.manufacturer()).isEqualTo("SoftHSM project");
            assertThat(a.loginRequired()).isTrue();
            assertThat(a.userPinLocked()).isFalse();
            assertThat(a.userPinFinalTry()).isFalse();
            assertThat(a.uri().modulePath()).contains(fixture.modulePath().toString());
            assertThat(inventory.logsIn()).as("no PIN configured").isFalse();
        }
    }

    @Test
    void tokenUri_selectsExactlyThatToken() {
        TokenInventory.TokenEntry a;
        try (TokenInventory inventory = inventory(tokenA, false)) {
            a = inventory.tokens().get(0);
        }
        try (TokenInventory again = TokenInventory.builder().uri(a.uri()).build()) {
            assertThat(again.tokens()).hasSize(1);
            assertThat(again.tokens().get(0).serial()).isEqualTo(tokenA.serial());
        }
    }

    @Test
    void certificates_withoutPin_areThePublicOnes_andNoPrivateKeyIsVisible() {
        try (TokenInventory inventory = inventory(tokenA, false)) {
            List<TokenInventory.CertificateEntry> certs = inventory.certificates();

            assertThat(certs.stream().map(c -> c.label().get()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder("inv-rsa", "inv-ec", "inv-always", "inv-ca");
            assertThat(inventory.privateKeys()).isEmpty();
        }
    }

    @Test
    void certificates_describeTheCertificateTheFixtureStored() {
        try (TokenInventory inventory = inventory(tokenA, false)) {
            TokenInventory.CertificateEntry entry = certificateLabelled(inventory.certificates(), "inv-rsa").get();

            assertThat(entry.certificate()).isEqualTo(rsa.certificate().get());
            assertThat(entry.subject()).isEqualTo(rsa.certificate().get().getSubjectX500Principal().getName());
            assertThat(entry.issuer())
                    .isEqualTo(TestPki.shared().caCertificate().getSubjectX500Principal().getName());
            assertThat(entry.serialNumber()).isEqualTo(rsa.certificate().get().getSerialNumber());
            assertThat(entry.notAfter()).isEqualTo(rsa.certificate().get().getNotAfter().toInstant());
            assertThat(entry.id()).hasValueSatisfying(id -> assertThat(id).isEqualTo(rsa.id()));
            assertThat(entry.isAuthority()).isFalse();
            assertThat(certificateLabelled(inventory.certificates(), "inv-ca").get().isAuthority()).isTrue();
            assertThat(entry.uri().type()).contains(Pkcs11Uri.ObjectType.CERT);
            assertThat(entry.uri().object()).contains("inv-rsa");
        }
    }

    @Test
    void withPin_privateCertificatesAndKeysAppear_withTheirAttributes() {
        try (TokenInventory inventory = inventory(tokenA, true)) {
            assertThat(inventory.logsIn()).isTrue();
            assertThat(certificateLabelled(inventory.certificates(), "inv-private-cert")).isPresent();

            List<TokenInventory.KeyEntry> keys = inventory.privateKeys();
            assertThat(keys.stream().map(k -> k.label().get()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder("inv-rsa", "inv-ec", "inv-private-cert", "inv-always", "inv-bare");
            for (TokenInventory.KeyEntry k : keys) {
                TokenKey expected = byLabel(k.label().get());
                assertThat(k.algorithm()).isEqualTo(expected.type().isRsa() ? TokenInventory.KeyAlgorithm.RSA
                        : TokenInventory.KeyAlgorithm.EC);
                assertThat(k.alwaysAuthenticate()).isEqualTo(expected.isAlwaysAuthenticate());
                assertThat(k.id()).hasValueSatisfying(id -> assertThat(id).isEqualTo(expected.id()));
                assertThat(k.uri().type()).contains(Pkcs11Uri.ObjectType.PRIVATE);
            }
        }
    }

    @Test
    void everyListedCertificateUri_buildsASignerThatSignsWithTheMatchingKey() {
        List<TokenInventory.CertificateEntry> certs;
        try (TokenInventory inventory = inventory(tokenA, true)) {
            certs = new ArrayList<>(inventory.certificates());
        }
        for (String label : new String[] {"inv-rsa", "inv-ec", "inv-private-cert"}) {
            TokenInventory.CertificateEntry entry = certificateLabelled(certs, label).get();
            TokenKey key = byLabel(label);
            try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(entry.uri())
                    .pinCallback(PinCallback.ofValue(tokenA.userPin())).build()) {
                assertThat(signer.certificate()).isEqualTo(key.certificate().get());
                assertThat(Signatures.verifiesInJca(key.publicKey(), DATA, signer.sign(DATA))).as(label).isTrue();
            }
        }
    }

    @Test
    void listedKeyUri_buildsASignerForThatKey() {
        TokenInventory.KeyEntry entry;
        try (TokenInventory inventory = inventory(tokenA, true)) {
            entry = inventory.privateKeys().stream().filter(k -> k.label().equals(Optional.of("inv-ec"))).findFirst()
                    .get();
        }
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(entry.uri())
                .pinCallback(PinCallback.ofValue(tokenA.userPin())).build()) {
            assertThat(signer.certificate()).isEqualTo(ec.certificate().get());
            assertThat(Signatures.verifiesInJca(ec.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void uriObjectAttributes_narrowTheListing() {
        Pkcs11Uri onlyEc = Pkcs11Uri.parse(tokenA.uri()).toBuilder().object("inv-ec").build();
        try (TokenInventory inventory = TokenInventory.builder().uri(onlyEc)
                .pinCallback(PinCallback.ofValue(tokenA.userPin())).build()) {
            assertThat(inventory.certificates()).hasSize(1);
            assertThat(inventory.certificates().get(0).certificate()).isEqualTo(ec.certificate().get());
            assertThat(inventory.privateKeys()).hasSize(1);
        }
        Pkcs11Uri byId = Pkcs11Uri.parse(tokenA.uri()).toBuilder().id(rsa.id()).build();
        try (TokenInventory inventory = TokenInventory.builder().uri(byId).build()) {
            assertThat(inventory.certificates()).extracting(TokenInventory.CertificateEntry::certificate)
                    .containsExactly(rsa.certificate().get());
        }
    }

    @Test
    void severalTokensSelected_thePinIsNotTried_andKeysStayHidden() {
        Pkcs11Uri everything = Pkcs11Uri.builder().modulePath(fixture.modulePath().toString()).build();
        // A PIN that no token accepts: if it were presented, the login would fail.
        try (TokenInventory inventory = TokenInventory.builder().uri(everything)
                .pinCallback(PinCallback.ofValue("not-the-pin".toCharArray())).build()) {
            assertThat(inventory.logsIn()).isFalse();
            assertThat(inventory.certificates()).extracting(TokenInventory.CertificateEntry::certificate)
                    .contains(rsa.certificate().get(), onB.certificate().get())
                    .doesNotContain(privateCert.certificate().get());
            assertThat(inventory.privateKeys()).isEmpty();
        }
        try (TokenInventory inventory = inventory(tokenA, false)) {
            assertThat(inventory.tokens().get(0).userPinCountLow()).as("no wrong PIN was sent").isFalse();
        }
    }

    @Test
    void wrongPin_isReportedTyped_withoutThePin_andNeverPresentedAgain() {
        SoftHsmToken fresh = fixture.createToken();
        AtomicInteger asked = new AtomicInteger();
        PinCallback wrong = () -> {
            asked.incrementAndGet();
            return "000000".toCharArray();
        };
        try (TokenInventory inventory = TokenInventory.builder().uri(fresh.uri()).pinCallback(wrong).build()) {
            assertThatThrownBy(inventory::privateKeys).isInstanceOf(PinIncorrectException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("000000"));
            assertThatThrownBy(inventory::certificates).isInstanceOf(PinIncorrectException.class);
            assertThatThrownBy(inventory::privateKeys).isInstanceOf(PinIncorrectException.class);
        }
        assertThat(asked).as("the PIN source is asked once, for one C_Login").hasValue(1);
    }

    @Test
    void pinValueInTheUri_isUsedForLogin_butNeverCopiedIntoListedUris() {
        Pkcs11Uri withPin = Pkcs11Uri.parse(tokenA.uri()).toBuilder().pinValue(tokenA.userPin()).build();
        String pin = new String(tokenA.userPin());
        try (TokenInventory inventory = TokenInventory.builder().uri(withPin).build()) {
            assertThat(inventory.logsIn()).isTrue();
            for (TokenInventory.KeyEntry k : inventory.privateKeys()) {
                assertThat(k.uri().hasPinValue()).isFalse();
                assertThat(k.uri().format()).doesNotContain(pin);
            }
            assertThat(inventory.toString()).doesNotContain(pin);
            assertThat(inventory.certificates().get(0).uri().format()).doesNotContain(pin);
        }
    }

    @Test
    void uriMatchingNoToken_failsListingTheTokensPresent() {
        Pkcs11Uri missing = Pkcs11Uri.builder().token("no-such-token").modulePath(fixture.modulePath().toString())
                .build();
        assertThatThrownBy(() -> TokenInventory.builder().uri(missing).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("no-such-token")
                .hasMessageContaining(tokenA.label());
    }

    @Test
    void libraryAttributesContradictingTheModule_areRefused() {
        Pkcs11Uri otherLibrary =
                Pkcs11Uri.parse(tokenA.uri()).toBuilder().libraryManufacturer("Some Other Vendor").build();
        assertThatThrownBy(() -> TokenInventory.builder().uri(otherLibrary).build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("library-manufacturer=Some%20Other%20Vendor")
                .hasMessageContaining("SoftHSM");
        Pkcs11Uri sameLibrary = Pkcs11Uri.parse(tokenA.uri()).toBuilder().libraryManufacturer("SoftHSM").build();
        try (TokenInventory inventory = TokenInventory.builder().uri(sameLibrary).build()) {
            assertThat(inventory.tokens()).hasSize(1);
        }
    }

    private static TokenKey byLabel(String label) {
        for (TokenKey k : new TokenKey[] {rsa, ec, privateCert, always, bare}) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        throw new AssertionError("no fixture key labelled " + label);
    }
}
