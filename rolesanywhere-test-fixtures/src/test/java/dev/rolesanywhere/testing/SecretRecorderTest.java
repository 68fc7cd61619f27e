package dev.rolesanywhere.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder writes what the build's secret scan reads (surefire sets its directory for every module). */
class SecretRecorderTest {

    @Test
    void recordedSecrets_landInThisJvmsFile_oneKindAndValueALine(@TempDir Path dir) throws Exception {
        // Recorded into a directory of this test's own: made-up secrets must not reach the build's real record.
        String buildRecord = System.getProperty(SecretRecorder.DIRECTORY_PROPERTY);
        System.setProperty(SecretRecorder.DIRECTORY_PROPERTY, dir.toString());
        try {
            new SecretRecorder().accept("SESSION_TOKEN", "session-token-value");
            SecretRecorder.pin("4711".toCharArray());
            SecretRecorder.privateKey(new byte[] {1, 2, 3}, new byte[] {4, 5});
        } finally {
            System.setProperty(SecretRecorder.DIRECTORY_PROPERTY, buildRecord);
        }

        List<String> lines = Files.readAllLines(dir.resolve("tests-" + ProcessHandle.current().pid() + ".secrets"),
                StandardCharsets.UTF_8);
        assertThat(lines).containsExactly("SESSION_TOKEN\tsession-token-value", "PIN\t4711",
                "PRIVATE_KEY\t" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\t"
                        + Base64.getEncoder().encodeToString(new byte[] {4, 5}));
    }

    @Test
    void buildRecord_isUnderTarget_andTheEmulatorReportsToThisClass() {
        // what the parent POM gives every module's tests
        assertThat(Path.of(System.getProperty(SecretRecorder.DIRECTORY_PROPERTY)).toAbsolutePath().normalize()
                .toString()).endsWith("rolesanywhere-test-fixtures/target/test-secrets");
        assertThat(System.getProperty("rolesanywhere.emulator.secretObserver"))
                .isEqualTo(SecretRecorder.class.getName());
    }
}
