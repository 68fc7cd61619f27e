package dev.rolesanywhere.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchDirectoryTest {

    @Test
    void create_makesAnOwnerOnlyDirectoryUnderTheTemporaryDirectory() throws Exception {
        Path dir = ScratchDirectory.create("test-");

        assertThat(dir).isDirectory().startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
        assertThat(dir.getFileName().toString()).startsWith("rolesanywhere-test-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
    }

    @Test
    void temporaryDirectoryOfTheBuild_isUnderTarget() {
        // test.jvm.flags in the parent POM: what the hygiene scan checks after the suite
        assertThat(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize().toString())
                .endsWith("rolesanywhere-test-fixtures/target/tmp");
    }

    @Test
    void deleteRecursively_removesANonEmptyTree(@TempDir Path parent) throws Exception {
        Path root = Files.createDirectories(parent.resolve("a/b/c"));
        Files.write(root.resolve("key.pem"), new byte[] {1});
        Files.write(parent.resolve("a/pin.txt"), new byte[] {2});

        ScratchDirectory.deleteRecursively(parent.resolve("a"));

        assertThat(parent.resolve("a")).doesNotExist();
        ScratchDirectory.deleteRecursively(parent.resolve("a"));
    }
}
