package dev.rolesanywhere.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing child JVM (SIGKILL) at random moments, many times, and checks after each kill that the file is one
 * complete version: the untouched prefix, then one round's three values, never a truncated or mixed file.
 */
class CredentialsFileCrashTest {

    private static final String PREFIX = "# kept\n[default]\nregion = eu-west-1\n\n";
    private static final Pattern SECTION = Pattern.compile(
            "\\[ra\\]\naws_access_key_id = AKID(\\d+)-(x+)\naws_secret_access_key = secret(\\d+)-(x+)\n"
            + "aws_session_token = token(\\d+)-(x+)\n");

    @TempDir
    Path dir;

    @Test
    void killedWriter_alwaysLeavesEitherTheOldOrTheNewFile() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, PREFIX);
        Random random = new Random(42);
        int kills = 12;
        for (int i = 0; i < kills; i++) {
            Process child = startChild(file, "ra", -1);
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                // Kill after a random number of completed updates: the next one is then in progress.
                int target = random.nextInt(4);
                String line;
                int seen = -1;
                while (seen < target && (line = out.readLine()) != null) {
                    seen = Integer.parseInt(line.trim());
                }
                assertThat(seen).as("child wrote at least %d rounds", target).isGreaterThanOrEqualTo(target);
                child.destroyForcibly();
                assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertCompleteVersion(Files.readString(file, StandardCharsets.ISO_8859_1));
        }
    }

    private static void assertCompleteVersion(String content) {
        assertThat(content).startsWith(PREFIX);
        Matcher m = SECTION.matcher(content.substring(PREFIX.length()));
        assertThat(m.matches()).as("file is one complete version (length %d)", content.length()).isTrue();
        assertThat(m.group(1)).isEqualTo(m.group(3)).isEqualTo(m.group(5));
        assertThat(m.group(2).length()).isEqualTo(256 * 1024);
        assertThat(m.group(4).length()).isEqualTo(256 * 1024);
        assertThat(m.group(6).length()).isEqualTo(256 * 1024);
    }

    @Test
    void writersInSeparateProcesses_neverLoseEachOthersProfiles() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, PREFIX);
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            children.add(startChild(file, "p" + i, 15));
        }
        for (Process child : children) {
            child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        }
        String content = Files.readString(file, StandardCharsets.ISO_8859_1);
        assertThat(content).startsWith(PREFIX);
        for (int i = 0; i < 3; i++) {
            assertThat(content).contains("[p" + i + "]\naws_access_key_id = AKID14-");
        }
    }

    static Process startChild(Path file, String profile, int rounds) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingWriterMain.class.getName());
        command.add(file.toString());
        command.add(profile);
        command.add(Integer.toString(rounds));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
