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
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Several tokens, certificates or keys match: the signer refuses to guess and lists pasteable URIs. */
class Pkcs11SignerAmbiguityTest {
    private static final byte[] DATA = "which key?".getBytes(StandardCharsets.UTF_8);
    private static final Pattern LISTED_URI = Pattern.compile("^\\s+(pkcs11:\\S+)", Pattern.MULTILINE);

    private static SoftHsmToken twoKeys;
    private static TokenKey first;
    private static TokenKey second;
    private static TokenKey onTokenA;
    private static TokenKey onTokenB;
    private static TokenKey piv;
    private static X509Certificate attestation;
    private static TokenKey attestedOnly;
    private static SoftHsmToken duplicateKeys;

    @BeforeAll
    static void tokens() throws Exception {
        SoftHsmFixture fixture = SoftHsmFixture.shared();
        twoKeys = fixture.createToken();
        first = twoKeys.key("first").type(TestKeyType.EC_P256).create();
        second = twoKeys.key("second").type(TestKeyType.RSA_2048).create();

        // The same label on two tokens, with the same PIN so that a PIN is no reason to tell them apart.
        char[] pin = "246810".toCharArray();
        onTokenA = fixture.createToken("amb-a-" + System.nanoTime() % 100000, pin, "87654321".toCharArray())
                .key("same-label").create();
        onTokenB = fixture.createToken("amb-b-" + System.nanoTime() % 100000, pin, "87654321".toCharArray())
                .key("same-label").create();

        // One certificate, and its private key stored twice under two ids with the same label.
        duplicateKeys = fixture.createToken();
        java.security.KeyPair pair = TestKeyType.EC_P256.generate();
        Path keyDer = Files.createTempFile(fixture.workDirectory(), "dup-", ".der");
        Files.write(keyDer, pair.getPrivate().getEncoded());
        for (String id : new String[] {"d1", "d2"}) {
            duplicateKeys.pkcs11ToolLoggedIn("--write-object", keyDer.toString(), "--type", "privkey", "--id", id,
                    "--label", "dup", "--usage-sign");
        }
        Files.delete(keyDer);
        Path certDer = Files.createTempFile(fixture.workDirectory(), "dup-cert-", ".der");
        Files.write(certDer, TestPki.shared().issue(pair.getPublic(), "dup").getEncoded());
        duplicateKeys.pkcs11ToolLoggedIn("--write-object", certDer.toString(), "--type", "cert", "--id", "d0",
                "--label", "dup");

        // A YubiKey PIV slot as ykcs11 shows it: the key's certificate and the slot's attestation certificate share
        // the key's CKA_ID.
        SoftHsmToken pivToken = fixture.createToken();
        piv = pivToken.key("X.509 Certificate for PIV Authentication").id(new byte[] {0x01}).create();
        attestation = TestPki.shared().issue(TestKeyType.EC_P256.generate().getPublic(), "YubiKey PIV Attestation 9a");
        Path der = Files.createTempFile(fixture.workDirectory(), "attestation-", ".der");
        Files.write(der, attestation.getEncoded());
        pivToken.pkcs11ToolLoggedIn("--write-object", der.toString(), "--type", "cert", "--id", "01", "--label",
                "X.509 Certificate for PIV Attestation 9a");

        // A slot with a key but no certificate of its own: ykcs11 still shows the slot's attestation certificate,
        // which certifies that very key.
        SoftHsmToken unprovisioned = fixture.createToken();
        attestedOnly = unprovisioned.key("Private key for Digital Signature").id(new byte[] {0x02})
                .withoutCertificate().create();
        Path attestationDer = Files.createTempFile(fixture.workDirectory(), "attestation-", ".der");
        Files.write(attestationDer, TestPki.shared().issue(attestedOnly.publicKey(), "YubiKey PIV Attestation 9c")
                .getEncoded());
        unprovisioned.pkcs11ToolLoggedIn("--write-object", attestationDer.toString(), "--type", "cert", "--id", "02",
                "--label", "X.509 Certificate for PIV Attestation 9c");
    }

    private static List<String> listedUris(Throwable e) {
        List<String> uris = new ArrayList<>();
        Matcher m = LISTED_URI.matcher(e.getMessage());
        while (m.find()) {
            uris.add(m.group(1));
        }
        return uris;
    }

    @Test
    void build_whenTokenHoldsTwoCertificates_listsBoth_andEachListedUriSelectsItsOwnKey() {
        Throwable error = catchBuild(Pkcs11Signer.builder().uri(twoKeys.uri())
                .pinCallback(PinCallback.ofValue(twoKeys.userPin())));

        assertThat(error).isInstanceOf(KeySourceException.class).hasMessageContaining("Several certificates");
        List<String> uris = listedUris(error);
        assertThat(uris).hasSize(2);
        assertThat(error.getMessage()).doesNotContain(new String(twoKeys.userPin()));

        List<X509Certificate> chosen = new ArrayList<>();
        for (String listed : uris) {
            // Pasted as printed, plus the module this test loads.
            Pkcs11Uri uri = Pkcs11Uri.parse(listed).toBuilder().modulePath(twoKeys.modulePath().toString()).build();
            try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri)
                    .pinCallback(PinCallback.ofValue(twoKeys.userPin())).build()) {
                chosen.add(signer.certificate());
                assertThat(Signatures.verifiesInJca(signer.certificate().getPublicKey(), DATA, signer.sign(DATA)))
                        .isTrue();
            }
        }
        assertThat(chosen).containsExactlyInAnyOrder(first.certificate().get(), second.certificate().get());
    }

    @Test
    void build_whenTwoTokensHoldTheNamedObject_listsOneUriPerToken() {
        Pkcs11Uri uri = Pkcs11Uri.builder().object("same-label")
                .modulePath(onTokenA.token().modulePath().toString()).build();
        Throwable error = catchBuild(Pkcs11Signer.builder().uri(uri)
                .pinCallback(PinCallback.ofValue("246810".toCharArray())));

        assertThat(error).isInstanceOf(KeySourceException.class);
        List<String> uris = listedUris(error);
        assertThat(uris).hasSize(2);
        assertThat(String.join(" ", uris)).contains("token=" + onTokenA.token().label())
                .contains("token=" + onTokenB.token().label()).contains("serial=" + onTokenA.token().serial());
    }

    @Test
    void build_whenTwoTokensMatch_neverLogsInToEither() {
        // A wrong PIN would fail a login; getting the ambiguity error instead proves no login was attempted.
        Pkcs11Uri uri = Pkcs11Uri.builder().object("same-label")
                .modulePath(onTokenA.token().modulePath().toString()).build();
        Throwable error = catchBuild(Pkcs11Signer.builder().uri(uri)
                .pinCallback(PinCallback.ofValue("000000".toCharArray())));
        assertThat(error).isInstanceOf(KeySourceException.class).isNotInstanceOf(Pkcs11Exception.class);
    }

    @Test
    void build_whenUriNamesTheObject_ignoresThePivAttestationCertificateWithTheSameId() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(piv.uri())
                .pinCallback(PinCallback.ofValue(piv.token().userPin())).build()) {
            assertThat(signer.certificate()).isEqualTo(piv.certificate().get()).isNotEqualTo(attestation);
        }
        Pkcs11Uri byIdOnly = Pkcs11Uri.parse(piv.token().uri()).toBuilder().id(new byte[] {0x01}).build();
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(byIdOnly)
                .pinCallback(PinCallback.ofValue(piv.token().userPin())).build()) {
            assertThat(signer.certificate()).isEqualTo(piv.certificate().get());
            assertThat(Signatures.verifiesInJca(piv.publicKey(), DATA, signer.sign(DATA))).isTrue();
        }
    }

    @Test
    void build_whenUriNamesNoObjectOnPivToken_choosesTheSlotCertificateOverTheAttestation() {
        try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(piv.token().uri())
                .pinCallback(PinCallback.ofValue(piv.token().userPin())).build()) {
            assertThat(signer.certificate()).isEqualTo(piv.certificate().get());
        }
    }

    @Test
    void build_whenTheAttestationCertificateIsTheOnlyMatch_refusesIt_evenThoughItCertifiesTheKey() {
        Pkcs11Uri bySlotId = Pkcs11Uri.parse(attestedOnly.token().uri()).toBuilder().id(new byte[] {0x02}).build();
        Pkcs11Uri byLabel = Pkcs11Uri.parse(attestedOnly.token().uri()).toBuilder().object("X.509 Certificate for PIV Attestation 9c")
                .build();
        for (Pkcs11Uri uri : new Pkcs11Uri[] {bySlotId, byLabel, Pkcs11Uri.parse(attestedOnly.token().uri())}) {
            Throwable error = catchBuild(Pkcs11Signer.builder().uri(uri)
                    .pinCallback(PinCallback.ofValue(attestedOnly.token().userPin())));
            assertThat(error).as(uri.toString()).isInstanceOf(KeySourceException.class)
                    .hasMessageContaining("attestation certificate").hasMessageContaining("not an identity");
        }
    }

    @Test
    void build_whenUriNamesTheKeyOnATokenWithSeveralCertificates_picksTheCertificateOfThatKey() {
        for (TokenKey named : new TokenKey[] {first, second}) {
            Pkcs11Uri uri = Pkcs11Uri.parse(twoKeys.uri()).toBuilder().object(named.label()).type(Pkcs11Uri.ObjectType.PRIVATE)
                    .build();
            try (Pkcs11Signer signer = Pkcs11Signer.builder().uri(uri)
                    .pinCallback(PinCallback.ofValue(twoKeys.userPin())).build()) {
                assertThat(signer.certificate()).isEqualTo(named.certificate().get());
                assertThat(Signatures.verifiesInJca(named.publicKey(), DATA, signer.sign(DATA))).isTrue();
            }
        }
    }

    @Test
    void build_whenTwoKeysMatchTheCertificate_listsBothKeyUris() {
        Pkcs11Uri uri = Pkcs11Uri.parse(duplicateKeys.uri()).toBuilder().object("dup").build();
        Throwable error = catchBuild(Pkcs11Signer.builder().uri(uri)
                .pinCallback(PinCallback.ofValue(duplicateKeys.userPin())));

        assertThat(error).isInstanceOf(KeySourceException.class).hasMessageContaining("Several private keys");
        assertThat(listedUris(error)).hasSize(2).anyMatch(u -> u.contains("id=%D1")).anyMatch(u -> u.contains("id=%D2"));
    }

    private static Throwable catchBuild(Pkcs11Signer.Builder builder) {
        try {
            builder.build().close();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("build() succeeded although the URI is ambiguous");
    }

    @Test
    void messages_listCandidatesWithoutAnyPinValue() {
        Pkcs11Uri withPin = Pkcs11Uri.parse(twoKeys.uri()).toBuilder().pinValue(twoKeys.userPin()).build();
        assertThatThrownBy(() -> Pkcs11Signer.builder().uri(withPin).build())
                .isInstanceOf(KeySourceException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).doesNotContain(new String(twoKeys.userPin()));
                    assertThat(listedUris(e)).hasSize(2).noneMatch(u -> u.contains("pin-value"));
                });
    }
}
