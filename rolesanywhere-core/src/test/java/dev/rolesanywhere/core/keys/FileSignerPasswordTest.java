package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who holds the password of an encrypted key, and for how long. */
class FileSignerPasswordTest {

    @TempDir
    static Path dir;

    private static Path cert;
    private static Path encryptedKey;

    @BeforeAll
    static void generate() {
        OpenSsl ssl = new OpenSsl(dir);
        Path key = ssl.ecKey("P-384");
        cert = ssl.selfSigned(key, "password-owner");
        encryptedKey = KeyFormat.encryptPkcs8(ssl, key, "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA512");
    }

    private static FileSigner.Builder builder() {
        return FileSigner.builder().certificateFile(cert).privateKeyFile(encryptedKey)
                .password(KeyFormat.PASSWORD.toCharArray());
    }

    @Test
    void toBuilder_ofOpenReloadingSigner_carriesThePassword() {
        try (FileSigner signer = builder().build();
             FileSigner copy = signer.toBuilder().build()) {
            assertThat(copy.certificate()).isEqualTo(signer.certificate());
        }
    }

    @Test
    void toBuilder_afterClose_carriesNoPassword() {
        FileSigner signer = builder().build();
        signer.close();

        assertThatThrownBy(() -> signer.toBuilder().build())
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("no password was given");
    }

    @Test
    void toBuilder_whenReloadDisabled_carriesNoPasswordBecauseTheSignerDroppedIt() {
        try (FileSigner signer = builder().reloadEnabled(false).build()) {
            assertThatThrownBy(() -> signer.toBuilder().build())
                    .isInstanceOf(KeySourceException.class)
                    .hasMessageContaining("no password was given");
        }
    }

    @Test
    void build_wipesTheBuildersCopy_soASecondBuildNeedsThePasswordAgain() {
        FileSigner.Builder builder = builder();
        builder.build().close();

        assertThatThrownBy(builder::build)
                .isInstanceOf(KeySourceException.class)
                .hasMessageContaining("no password was given");
        builder.password(KeyFormat.PASSWORD.toCharArray()).build().close();
    }

    @Test
    void password_isCopiedSoTheCallerMayWipeTheirsBeforeBuild() {
        char[] callers = KeyFormat.PASSWORD.toCharArray();
        FileSigner.Builder builder = FileSigner.builder().certificateFile(cert).privateKeyFile(encryptedKey)
                .password(callers);
        java.util.Arrays.fill(callers, '\0');

        try (FileSigner signer = builder.build()) {
            assertThat(signer.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=password-owner");
        }
    }
}
