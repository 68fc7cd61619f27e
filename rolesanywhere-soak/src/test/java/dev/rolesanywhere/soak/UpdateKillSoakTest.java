package dev.rolesanywhere.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credentials file {@code update} writes, with several writer processes at once and one of them killed with
 * SIGKILL over and over in the middle of its writes: after every kill the file is whole (every section one complete
 * version) and no other writer's profile has gone missing. The CLI's own tests cover a killed lone writer and
 * concurrent writers that are never killed; this is the two together.
 */
class UpdateKillSoakTest {
    private static final String PREFIX = "# kept by hand\n[default]\nregion = eu-west-1\n\n";
    private static final Pattern SECTION = Pattern.compile("\\[([a-z0-9-]+)\\]\naws_access_key_id = AKID(\\d+)-(x+)\n"
            + "aws_secret_access_key = secret(\\d+)-(x+)\naws_session_token = token(\\d+)-(x+)\n\n?");
    private static final int STEADY_WRITERS = 3;
    private static final int KILLS = Integer.getInteger("soak.kills", 15);

    @TempDir
    Path dir;

    @Test
    void update_withConcurrentWriters_andOneKilledRepeatedly_leavesEveryProfileWhole() throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, PREFIX);
        List<Process> steady = new ArrayList<>();
        for (int i = 0; i < STEADY_WRITERS; i++) {
            // Unbounded: they keep writing through every kill of the victim, and are killed themselves at the end.
            steady.add(start(file, "steady-" + i, -1));
        }
        for (Process p : steady) {
            Thread t = new Thread(() -> drain(p), "drain");
            t.setDaemon(true);
            t.start();
        }

        Random random = new Random(7);
        Set<String> seen = new HashSet<>();
        int kills = 0;
        int checks = 0;
        for (; kills < KILLS; kills++) {
            Process victim = start(file, "victim", -1);
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(victim.getInputStream(), StandardCharsets.UTF_8))) {
                int target = random.nextInt(3);
                int done = -1;
                for (String line = out.readLine(); line != null && done < target; line = out.readLine()) {
                    done = Integer.parseInt(line.trim());
                }
                assertThat(done).as("victim completed %d updates before the kill", target).isGreaterThanOrEqualTo(target);
                victim.destroyForcibly();
                assertThat(victim.waitFor(30, TimeUnit.SECONDS)).as("killed victim exits").isTrue();
            }
            Map<String, Integer> sections = parseWhole(Files.readString(file, StandardCharsets.ISO_8859_1));
            assertThat(sections.keySet()).as("profiles after kill %d", kills + 1).containsAll(seen);
            seen.addAll(sections.keySet());
            checks++;
        }
        for (Process p : steady) {
            assertThat(p.isAlive()).as("steady writer still writing when the victim's kills end").isTrue();
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("killed steady writer exits").isTrue();
            kills++;
        }
        Map<String, Integer> last = parseWhole(Files.readString(file, StandardCharsets.ISO_8859_1));
        for (int i = 0; i < STEADY_WRITERS; i++) {
            assertThat(last).containsKey("steady-" + i);
        }
        assertThat(last).containsKey("victim");
        // A writer killed between creating its temporary file and renaming it leaves the file behind, with
        // credentials in it: it must be as private as the credentials file itself.
        try (var files = Files.list(dir)) {
            for (Path leftover : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(leftover)))
                        .as("mode of leftover %s", leftover.getFileName()).isEqualTo("rw-------");
            }
        }
        writeReport("update kill soak: " + kills + " SIGKILLs (" + (kills - STEADY_WRITERS) + " of one writer while "
                + STEADY_WRITERS + " others kept writing, then those " + STEADY_WRITERS + "); " + (checks + 1)
                + " whole-file checks, 0 torn or lost sections; last rounds " + last + "; files left in the "
                + "directory: " + listing() + "\n");
    }

    /** Profile name to round for every section; fails unless the file is the prefix then complete sections only. */
    private static Map<String, Integer> parseWhole(String content) {
        assertThat(content).startsWith(PREFIX);
        Map<String, Integer> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(content);
        int at = PREFIX.length();
        while (at < content.length()) {
            m.region(at, content.length());
            assertThat(m.lookingAt()).as("a complete section at offset %d of %d", at, content.length()).isTrue();
            assertThat(m.group(2)).isEqualTo(m.group(4)).isEqualTo(m.group(6));
            assertThat(m.group(3).length()).isEqualTo(UpdateWriterMain.PADDING);
            assertThat(m.group(5).length()).isEqualTo(UpdateWriterMain.PADDING);
            assertThat(m.group(7).length()).isEqualTo(UpdateWriterMain.PADDING);
            assertThat(sections.put(m.group(1), Integer.parseInt(m.group(2)))).as("section %s once", m.group(1))
                    .isNull();
            at = m.end();
        }
        return sections;
    }

    private String listing() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }

    private static void writeReport(String line) throws IOException {
        Files.createDirectories(Paths.get("target"));
        Files.writeString(Paths.get("target", "update-kill-report.txt"), line);
        System.out.print(line);
    }

    private static void drain(Process p) {
        try {
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the process is gone; nothing left to read
        }
    }

    private static Process start(Path file, String profile, int rounds) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-Xshare:auto");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(UpdateWriterMain.class.getName());
        command.add(file.toString());
        command.add(profile);
        command.add(Integer.toString(rounds));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }
}
