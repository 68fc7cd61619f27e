package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileWriterTest {

    @TempDir
    Path dir;

    static Map<String, String> credentials(String suffix) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("aws_access_key_id", "AKID" + suffix);
        m.put("aws_secret_access_key", "secret" + suffix);
        m.put("aws_session_token", "token" + suffix);
        return m;
    }

    @Test
    void update_createsMissingDirectoriesWith0700_andTheFileWith0600() throws IOException {
        Path file = dir.resolve("home/.aws/credentials");

        new CredentialsFileWriter(file).update("ra", credentials("1"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("home/.aws"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("home"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("aws_access_key_id = AKID1");
    }

    @Test
    void update_keepsThePrivateModeOfAnExistingFile_andLeavesNoTemporaryFileBehind() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[default]\nregion = x\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        List<String> notices = new ArrayList<>();

        new CredentialsFileWriter(file, notices::add).update("ra", credentials("1"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(notices).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder("credentials", "credentials.lock");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("credentials.lock"))))
                .isEqualTo("rw-------");
    }

    @Test
    void update_ofAFileOthersCanRead_tightensItTo0600_andSaysSoOnce() throws IOException {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "[default]\nregion = x\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        List<String> notices = new ArrayList<>();
        CredentialsFileWriter writer = new CredentialsFileWriter(file, notices::add);

        writer.update("ra", credentials("1"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        writer.update("ra", credentials("2"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(notices).singleElement().asString().contains("rw-rw-r--").contains("rw-------");
    }

    @Test
    void update_whenTheLockFileIsASymbolicLink_refusesToFollowIt() throws IOException {
        Path file = dir.resolve("credentials");
        Path elsewhere = Files.writeString(dir.resolve("victim"), "untouched");
        Files.createSymbolicLink(dir.resolve("credentials.lock"), elsewhere);

        assertThatThrownBy(() -> new CredentialsFileWriter(file).update("ra", credentials("1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("credentials");
        assertThat(Files.readString(elsewhere)).isEqualTo("untouched");
        assertThat(file).doesNotExist();
    }

    @Test
    void update_throughASymbolicLink_replacesTheTarget_andKeepsTheLink() throws IOException {
        Path real = Files.createDirectories(dir.resolve("real")).resolve("creds");
        Files.writeString(real, "[default]\nregion = x\n");
        Path link = Files.createSymbolicLink(dir.resolve("credentials"), real);

        new CredentialsFileWriter(link).update("ra", credentials("1"));

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).startsWith("[default]\nregion = x\n").contains("AKID1");
    }

    @Test
    void update_removesTemporaryFilesAbandonedByAKilledWriter() throws IOException {
        Path file = dir.resolve("credentials");
        Path abandoned = Files.writeString(dir.resolve(".rolesanywhere-credentials-123.tmp"), "half");

        new CredentialsFileWriter(file).update("ra", credentials("1"));

        assertThat(abandoned).doesNotExist();
    }

    @Test
    void update_whenTheDirectoryIsReadOnly_failsWithAMessageThatSaysWhatToFix() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Path file = ro.resolve("credentials");
        Files.writeString(file, "[default]\n");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-x------"));
        try {
            // root ignores directory modes; the test then checks the success path instead of skipping.
            boolean root = Files.isWritable(ro);
            if (root) {
                new CredentialsFileWriter(file).update("ra", credentials("1"));
                assertThat(Files.readString(file)).contains("AKID1");
            } else {
                assertThatThrownBy(() -> new CredentialsFileWriter(file).update("ra", credentials("1")))
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessageContaining(ro.toString());
                assertThat(Files.readString(file)).isEqualTo("[default]\n");
            }
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void concurrentUpdaters_neverLoseAnotherProfilesUpdate() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "# shared by many writers\n[default]\nregion = eu-west-1\n");
        int writers = 8;
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String profile = "p" + w;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        // A writer object per update, as separate processes would have.
                        new CredentialsFileWriter(file).update(profile, credentials(profile + "-" + r));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        String content = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(content).startsWith("# shared by many writers\n[default]\nregion = eu-west-1\n");
        for (int w = 0; w < writers; w++) {
            String last = "p" + w + "-" + (rounds - 1);
            assertThat(content).contains("[p" + w + "]\naws_access_key_id = AKID" + last
                    + "\naws_secret_access_key = secret" + last + "\naws_session_token = token" + last + "\n");
        }
        assertThat(content.split("\\[p", -1)).hasSize(writers + 1);
    }
}
