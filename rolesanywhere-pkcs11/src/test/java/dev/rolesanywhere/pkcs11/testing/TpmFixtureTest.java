package dev.rolesanywhere.pkcs11.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rolesanywhere.testing.MinimalCryptoki;
import dev.rolesanywhere.testing.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TPM fixture gives a real tpm2-pkcs11 token whose keys sign and verify against their certificates. */
class TpmFixtureTest {
    private static TpmFixture tpm;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        tpm = TpmFixture.shared();
    }

    @Test
    void pkcs11Tool_listsTheTpmToken() {
        assertThat(tpm.pkcs11Tool("-L")).contains("token label        : " + tpm.tokenLabel());
    }

    @Test
    void moduleLoadedInThisProcess_seesTheToken() {
        MinimalCryptoki p11 = new MinimalCryptoki(tpm.modulePath());
        assertThat(p11.initialize()).isZero();
        try {
            long[] slots = p11.slotCount(true);
            assertThat(slots[0]).isZero();
            assertThat(slots[1]).isPositive();
        } finally {
            p11.finalizeModule();
        }
    }

    @Test
    void keys_haveCertificatesForTheirTpmPublicKeys() {
        assertThat(tpm.rsaKey().certificate().getPublicKey()).isEqualTo(tpm.rsaKey().publicKey());
        assertThat(tpm.ecKey().certificate().getPublicKey()).isEqualTo(tpm.ecKey().publicKey());
        assertThat(tpm.rsaKey().uri().token()).contains(tpm.tokenLabel());
    }

    @Test
    void rsaKey_signsInsideTheTpm() throws Exception {
        byte[] data = "tpm rsa".getBytes(StandardCharsets.UTF_8);
        byte[] sig = sign(tpm.rsaKey(), "SHA256-RSA-PKCS", data);
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(tpm.rsaKey().certificate());
        v.update(data);
        assertThat(v.verify(sig)).isTrue();
    }

    @Test
    void ecKey_signsInsideTheTpm() throws Exception {
        byte[] data = "tpm ec".getBytes(StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        byte[] sig = sign(tpm.ecKey(), "ECDSA", digest, "--signature-format", "openssl");
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(tpm.ecKey().certificate());
        v.update(data);
        assertThat(v.verify(sig)).isTrue();
    }

    private byte[] sign(TpmFixture.Key key, String mechanism, byte[] input, String... extra) throws Exception {
        Path in = Files.write(dir.resolve("in"), input);
        Path out = dir.resolve("out");
        String[] base = {"--token-label", tpm.tokenLabel(), "--login", "--pin", new String(tpm.userPin()), "--sign",
            "--mechanism", mechanism, "--id", SoftHsmToken.hex(key.id()), "-i", in.toString(), "-o", out.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        tpm.pkcs11Tool(all);
        return Files.readAllBytes(out);
    }
}
