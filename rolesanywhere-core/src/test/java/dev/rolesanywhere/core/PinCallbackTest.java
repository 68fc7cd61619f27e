package dev.rolesanywhere.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinCallbackTest {
    @TempDir
    Path dir;

    private Path pinFile(String content, String permissions) throws Exception {
        Path f = dir.resolve("pin-" + System.nanoTime());
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(permissions));
        return f;
    }

    @Test
    void ofFile_readsTheFirstLineWithoutItsLineEnding() throws Exception {
        assertThat(PinCallback.ofFile(pinFile("1234\n", "rw-------")).pin()).containsExactly('1', '2', '3', '4');
        assertThat(PinCallback.ofFile(pinFile("1234\r\nsecond line\n", "rw-------")).pin())
                .containsExactly('1', '2', '3', '4');
        assertThat(PinCallback.ofFile(pinFile("12 34", "rw-------")).pin()).containsExactly('1', '2', ' ', '3', '4');
    }

    @Test
    void ofFile_readsUtf8AndSkipsAByteOrderMark() throws Exception {
        assertThat(new String(PinCallback.ofFile(pinFile("\uFEFFp\u00e4ss\n", "rw-------")).pin()))
                .isEqualTo("p\u00e4ss");
    }

    @Test
    void ofFile_rereadsTheFileOnEveryCall() throws Exception {
        Path f = pinFile("1111\n", "rw-------");
        PinCallback cb = PinCallback.ofFile(f);
        assertThat(cb.pin()).containsExactly('1', '1', '1', '1');
        Files.write(f, "2222\n".getBytes(StandardCharsets.UTF_8));
        assertThat(cb.pin()).containsExactly('2', '2', '2', '2');
        assertThat(cb.isReusable()).isTrue();
    }

    @Test
    void ofFile_returnsAFreshArrayTheCallerCanWipe() throws Exception {
        PinCallback cb = PinCallback.ofFile(pinFile("1234\n", "rw-------"));
        char[] first = cb.pin();
        Arrays.fill(first, '\0');
        assertThat(cb.pin()).containsExactly('1', '2', '3', '4');
    }

    @Test
    void ofFile_missingFile_namesTheFileAndTheFix() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> PinCallback.ofFile(missing).pin()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining(missing.toString()).hasMessageContaining("does not exist");
    }

    @Test
    void ofFile_emptyFirstLine_isAnError() throws Exception {
        Path f = pinFile("\n1234\n", "rw-------");
        assertThatThrownBy(() -> PinCallback.ofFile(f).pin()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("empty first line");
    }

    @Test
    void ofFile_notUtf8_isAnErrorThatDoesNotShowTheBytes() throws Exception {
        Path f = dir.resolve("latin1");
        Files.write(f, new byte[] {'a', (byte) 0xE4, 'b'});
        assertThatThrownBy(() -> PinCallback.ofFile(f).pin()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("UTF-8");
    }

    @Test
    void ofFile_readableByOthers_stillWorks() throws Exception {
        // the warning goes to the log; the PIN is still used, as an administrator may have reasons
        assertThat(PinCallback.ofFile(pinFile("1234\n", "rw-r--r--")).pin()).containsExactly('1', '2', '3', '4');
    }

    @Test
    void ofEnvironmentVariable_unset_namesTheVariable() {
        String name = "ROLESANYWHERE_TEST_PIN_UNSET_" + System.nanoTime();
        assertThatThrownBy(() -> PinCallback.ofEnvironmentVariable(name).pin())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(name).hasMessageContaining("not set");
    }

    @Test
    void ofValue_copiesSoWipingTheCallersArrayDoesNotChangeIt() {
        char[] pin = {'9', '8', '7', '6'};
        PinCallback cb = PinCallback.ofValue(pin);
        Arrays.fill(pin, '\0');
        assertThat(cb.pin()).containsExactly('9', '8', '7', '6');
        assertThat(cb.toString()).doesNotContain("9876");
    }
}
