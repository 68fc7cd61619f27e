package dev.rolesanywhere.cli;

import dev.rolesanywhere.emulator.IssuedCertificate;
import dev.rolesanywhere.emulator.TestCertificateAuthority;
import dev.rolesanywhere.testing.SoftHsmFixture;
import dev.rolesanywhere.testing.SoftHsmToken;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The CLI tests' token: a SoftHSM2 token in the test's own directory ({@link SoftHsmFixture#inDirectory}), so each
 * test sees only the tokens it made, with an EC key generated on it and certified by the test's CA. The commands
 * under test run as child processes and find it through {@link #environment()}; this JVM's environment is untouched.
 */
final class SoftHsmTokens {

    static final String PIN = "246810";
    static final String SO_PIN = "13579135";

    final String label;
    final String keyLabel = "ra-key";
    final IssuedCertificate certificate;
    private final SoftHsmFixture softHsm;
    private final SoftHsmToken token;

    private SoftHsmTokens(Path dir, TestCertificateAuthority ca, String label) {
        this.softHsm = SoftHsmFixture.inDirectory(dir.resolve("softhsm"));
        this.label = label;
        this.token = softHsm.createToken(label, PIN.toCharArray(), SO_PIN.toCharArray());
        this.certificate = ca == null ? null : addCertifiedKey(ca, "01", keyLabel, "CN=softhsm-client");
    }

    static SoftHsmTokens create(Path dir, TestCertificateAuthority ca) {
        return new SoftHsmTokens(dir, ca, "cli-test");
    }

    /** An initialised token with nothing on it yet. */
    static SoftHsmTokens empty(Path dir) {
        return new SoftHsmTokens(dir, null, "cli-empty");
    }

    /** Generates an EC key on this token and stores a certificate the CA issued for it, both with this id and label. */
    IssuedCertificate addCertifiedKey(TestCertificateAuthority ca, String idHex, String objectLabel, String subject) {
        AtomicReference<IssuedCertificate> issued = new AtomicReference<>();
        token.key(objectLabel).id(HexFormat.of().parseHex(idHex)).generatedOnToken().certifiedBy(publicKey -> {
            issued.set(ca.issueClientCertificate(publicKey, subject));
            return issued.get().certificate();
        }).create();
        return issued.get();
    }

    /** Initialises another token in the same token directory (same PINs). */
    void initAnotherToken(String otherLabel) {
        softHsm.createToken(otherLabel, PIN.toCharArray(), SO_PIN.toCharArray());
    }

    Path module() {
        return softHsm.modulePath();
    }

    Map<String, String> environment() {
        return softHsm.environment();
    }

    /** The certificate's URI; the key is found next to it on the same token. */
    String uri() {
        return "pkcs11:token=" + label + ";object=" + keyLabel + ";type=cert";
    }
}
