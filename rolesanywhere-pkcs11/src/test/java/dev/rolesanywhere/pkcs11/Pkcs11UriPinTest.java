package dev.rolesanywhere.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.PinCallback;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs11UriPinTest {
    @TempDir
    Path dir;

    private Path pinFile(String content, String permissions) throws Exception {
        Path f = dir.resolve("pin-" + System.nanoTime());
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(permissions));
        return f;
    }

    @Test
    void uriPinValue_becomesACallback() {
        PinCallback cb = Pkcs11Uri.parse("pkcs11:token=t?pin-value=24%2068").pinCallback().orElseThrow();
        assertThat(new String(cb.pin())).isEqualTo("24 68");
    }

    @Test
    void uriPinSource_acceptsAPathAndFileUris() throws Exception {
        Path f = pinFile("4321\n", "rw-------");
        for (String source : new String[] {f.toString(), "file:" + f, "file://" + f, "file://localhost" + f}) {
            Pkcs11Uri uri = Pkcs11Uri.builder().pinSource(source).build();
            assertThat(uri.pinCallback().orElseThrow().pin()).as(source).containsExactly('4', '3', '2', '1');
        }
    }

    @Test
    void uriPinSource_withPercentEncodedSpaceInTheFileName_isDecoded() throws Exception {
        Path f = dir.resolve("my pin");
        Files.write(f, "5555".getBytes(StandardCharsets.UTF_8));
        Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:?pin-source=" + dir.toString().replace(" ", "%20") + "/my%20pin");
        assertThat(uri.pinCallback().orElseThrow().pin()).containsExactly('5', '5', '5', '5');
    }

    @Test
    void uriPinSource_remoteOrOtherSchemes_areRejected() {
        assertThatThrownBy(() -> Pkcs11Uri.builder().pinSource("file://evil.example/pin").build().pinCallback())
                .isInstanceOf(Pkcs11UriException.class).hasMessageContaining("remote host");
        assertThatThrownBy(() -> Pkcs11Uri.builder().pinSource("https://example.com/pin").build().pinCallback())
                .isInstanceOf(Pkcs11UriException.class).hasMessageContaining("unsupported scheme");
    }

    @Test
    void uriWithoutPin_hasNoCallback() {
        assertThat(Pkcs11Uri.parse("pkcs11:token=t").pinCallback()).isEmpty();
    }
}
