package dev.rolesanywhere.core.internal.pin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilePinTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private Path pinFile(String permissions) throws Exception {
        Path f = dir.resolve("pin");
        Files.write(f, "1234\n".getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(permissions));
        return f;
    }

    @Test
    void fileReadableByOthers_warnsOnceNamingTheFileAndTheFix() throws Exception {
        Path f = pinFile("rw-r--r--");
        FilePin pin = new FilePin(f, warnings::add);
        pin.pin();
        pin.pin();
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains(f.toString()).contains("chmod 600").doesNotContain("1234");
    }

    @Test
    void fileReadableByGroup_warns() throws Exception {
        new FilePin(pinFile("rw-r-----"), warnings::add).pin();
        assertThat(warnings).hasSize(1);
    }

    @Test
    void fileReadableOnlyByOwner_doesNotWarn() throws Exception {
        new FilePin(pinFile("rw-------"), warnings::add).pin();
        assertThat(warnings).isEmpty();
    }
}
