package dev.rolesanywhere.pkcs11.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.pkcs11.Pkcs11Uri;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SoftHSM2 fixture makes real tokens that a separate process (pkcs11-tool) can use. */
class SoftHsmFixtureTest {
    private static SoftHsmFixture fixture;
    private static SoftHsmToken token;

    @BeforeAll
    static void createToken() {
        fixture = SoftHsmFixture.shared();
        token = fixture.createToken();
    }

    @Test
    void shared_setsSofthsmConfForNativeCodeInThisProcess() {
        assertThat(NativeEnvironment.get("SOFTHSM2_CONF")).isEqualTo(fixture.configFile().toString());
        assertThat(fixture.configFile()).content().contains("directories.tokendir = " + fixture.tokenDirectory());
    }

    @Test
    void createToken_isListedByPkcs11ToolWithItsSlotIdAndSerial() {
        String listing = fixture.pkcs11Tool("-L");
        assertThat(listing).contains("token label        : " + token.label());
        assertThat(listing).contains("(0x" + Long.toHexString(token.slotId()) + ")");
        assertThat(listing).contains(token.serial());
    }

    @Test
    void createToken_withExplicitLabel_keepsItAndRejectsADuplicate() {
        String label = "fixture-label-" + System.nanoTime() % 100000;
        SoftHsmToken t = fixture.createToken(label);
        assertThat(t.label()).isEqualTo(label);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.createToken(label))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(label);
    }

    @Test
    void userPin_returnsAFreshCopyEachCall() {
        char[] first = token.userPin();
        Arrays.fill(first, 'x');
        assertThat(token.userPin()).isNotEqualTo(first).doesNotContain('x');
    }

    @Test
    void wrongPin_isRejectedByTheToken() {
        Commands.Result r = Commands.runUnchecked(fixture.environment(), Arrays.asList("pkcs11-tool", "--module",
                fixture.modulePath().toString(), "--token-label", token.label(), "--login", "--pin", "99999999",
                "-O"));
        assertThat(r.exitCode).isNotZero();
        assertThat(r.output).contains("CKR_PIN_INCORRECT");
    }

    @Test
    void importedEcKey_signsWithTheTokenAndVerifiesAgainstItsCertificate() throws Exception {
        TokenKey key = token.key("ec-imported").type(TestKeyType.EC_P256).create();
        assertThat(key.certificate()).isPresent();
        assertThat(key.certificate().get().getPublicKey()).isEqualTo(key.publicKey());
        byte[] data = "string to sign".getBytes(StandardCharsets.UTF_8);
        byte[] sig = signEcdsaWithPkcs11Tool(key, data);
        assertThat(verify("SHA256withECDSA", key, data, sig)).isTrue();
    }

    @Test
    void importedRsaKey_signsWithTheTokenAndVerifiesAgainstItsCertificate() throws Exception {
        TokenKey key = token.key("rsa-imported").type(TestKeyType.RSA_2048).create();
        byte[] data = "string to sign".getBytes(StandardCharsets.UTF_8);
        byte[] sig = signWithPkcs11Tool(key, "SHA256-RSA-PKCS", data);
        assertThat(verify("SHA256withRSA", key, data, sig)).isTrue();
        assertThat(key.jvmPrivateKey()).isPresent();
    }

    @Test
    void keyGeneratedOnToken_hasACertificateForTheTokensPublicKey() throws Exception {
        TokenKey key = token.key("ec-generated").generatedOnToken().create();
        assertThat(key.jvmPrivateKey()).isEmpty();
        byte[] data = "generated".getBytes(StandardCharsets.UTF_8);
        byte[] sig = signEcdsaWithPkcs11Tool(key, data);
        assertThat(verify("SHA256withECDSA", key, data, sig)).isTrue();
    }

    @Test
    void rsaKeyGeneratedOnToken_hasACertificateForTheTokensPublicKey() throws Exception {
        TokenKey key = token.key("rsa-generated").type(TestKeyType.RSA_2048).generatedOnToken().create();
        byte[] data = "generated rsa".getBytes(StandardCharsets.UTF_8);
        byte[] sig = signWithPkcs11Tool(key, "SHA256-RSA-PKCS", data);
        assertThat(verify("SHA256withRSA", key, data, sig)).isTrue();
    }

    @Test
    void alwaysAuthenticateKey_carriesTheAttribute() {
        TokenKey key = token.key("always-auth").alwaysAuthenticate().withoutCertificate().create();
        String objects = token.pkcs11ToolLoggedIn("-O", "--type", "privkey", "--id", SoftHsmToken.hex(key.id()));
        assertThat(objects).contains("always authenticate");
        assertThat(key.certificate()).isEmpty();
    }

    @Test
    void privateCertificate_isVisibleOnlyAfterLogin() {
        TokenKey key = token.key("private-cert").privateCertificate().create();
        String id = SoftHsmToken.hex(key.id());
        assertThat(fixture.pkcs11Tool("--token-label", token.label(), "-O", "--type", "cert", "--id", id))
                .doesNotContain("private-cert");
        assertThat(token.pkcs11ToolLoggedIn("-O", "--type", "cert", "--id", id)).contains("private-cert");
    }

    @Test
    void keyUri_namesTokenObjectIdTypeAndModule() {
        TokenKey key = token.key("uri-key").withoutCertificate().create();
        Pkcs11Uri uri = Pkcs11Uri.parse(key.uri().format());
        assertThat(uri.token()).contains(token.label());
        assertThat(uri.object()).contains("uri-key");
        assertThat(uri.id()).hasValueSatisfying(id -> assertThat(id).isEqualTo(key.id()));
        assertThat(uri.type()).contains(Pkcs11Uri.ObjectType.PRIVATE);
        assertThat(uri.modulePath()).contains(fixture.modulePath().toString());
    }

    @Test
    void writePinFile_holdsThePinAndIsPrivateToItsOwner() throws Exception {
        Path file = token.writePinFile();
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8))
                .isEqualTo(new String(token.userPin()) + "\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    // SoftHSM2 2.6 offers only raw CKM_ECDSA, so the digest is computed here and the token signs it
    private static byte[] signEcdsaWithPkcs11Tool(TokenKey key, byte[] data) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(data);
        return signWithPkcs11Tool(key, "ECDSA", digest, "--signature-format", "openssl");
    }

    private static byte[] signWithPkcs11Tool(TokenKey key, String mechanism, byte[] data, String... extra)
            throws Exception {
        Path in = Files.createTempFile(fixture.workDirectory(), "data", ".bin");
        Path out = fixture.workDirectory().resolve(in.getFileName() + ".sig");
        Files.write(in, data);
        String[] args = {"--sign", "--mechanism", mechanism, "--id", SoftHsmToken.hex(key.id()), "-i", in.toString(),
            "-o", out.toString()};
        String[] all = Arrays.copyOf(args, args.length + extra.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        key.token().pkcs11ToolLoggedIn(all);
        return Files.readAllBytes(out);
    }

    private static boolean verify(String algorithm, TokenKey key, byte[] data, byte[] sig) throws Exception {
        Signature v = Signature.getInstance(algorithm);
        v.initVerify(key.certificate().orElseThrow().getPublicKey());
        v.update(data);
        return v.verify(sig);
    }
}
