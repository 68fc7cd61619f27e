package dev.rolesanywhere.testing;

import static org.assertj.core.api.Assertions.assertThat;

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
        ProcessRunner.Result r = ProcessRunner.command("pkcs11-tool", "--module", fixture.modulePath().toString(),
                "--token-label", token.label(), "--login", "--pin", "99999999", "-O")
                .environment(fixture.environment()).run();
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).contains("CKR_PIN_INCORRECT");
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
    void keyUri_namesTokenObjectIdTypeAndModule_percentEncoded() {
        TokenKey key = token.key("uri key/1").id(new byte[] {0x01, (byte) 0xab, 'z'}).withoutCertificate().create();
        assertThat(key.uri()).isEqualTo("pkcs11:token=" + token.label() + ";object=uri%20key%2f1;id=%01%abz"
                + ";type=private?module-path=" + fixture.modulePath());
        assertThat(token.uri()).isEqualTo("pkcs11:token=" + token.label() + "?module-path=" + fixture.modulePath());
    }

    @Test
    void givenKeyPairAndIssuer_areWhatLandsOnTheToken() {
        java.security.KeyPair pair = TestKeyType.EC_P384.generate();
        java.security.cert.X509Certificate certificate = TestPki.shared().issue(pair.getPublic(), "given");
        TokenKey key = token.key("given").type(TestKeyType.EC_P384).keyPair(pair).certifiedBy(pub -> certificate)
                .create();
        assertThat(key.publicKey()).isEqualTo(pair.getPublic());
        assertThat(key.certificate()).contains(certificate);
        assertThat(token.pkcs11ToolLoggedIn("-O", "--type", "cert", "--id", SoftHsmToken.hex(key.id())))
                .contains("given");
    }

    @Test
    void inDirectory_keepsTokensThereAndLeavesThisProcessAlone(@org.junit.jupiter.api.io.TempDir Path dir) {
        SoftHsmFixture own = SoftHsmFixture.inDirectory(dir);
        SoftHsmToken other = own.createToken("elsewhere");
        assertThat(own.tokenDirectory()).startsWith(dir);
        assertThat(own.listSlots()).extracting(slot -> slot.label).containsExactly("elsewhere");
        assertThat(fixture.listSlots()).extracting(slot -> slot.label).doesNotContain(other.label());
        assertThat(NativeEnvironment.get("SOFTHSM2_CONF")).isEqualTo(fixture.configFile().toString());
    }

    @Test
    void shared_keepsItsTokensInAScratchDirectoryUnderTheTemporaryDirectory() {
        assertThat(fixture.workDirectory()).startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(fixture.workDirectory().getFileName().toString()).startsWith("rolesanywhere-softhsm-");
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
