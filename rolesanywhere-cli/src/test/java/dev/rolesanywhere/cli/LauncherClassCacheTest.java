package dev.rolesanywhere.cli;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The launcher's per-user class cache, which credential_process start-up depends on: an AOT cache on Java 25 and
 * later, an AppCDS archive on 17 to 24. Each is made by a real run and then used by the next, and neither ever
 * prints on stdout or stderr.
 */
class LauncherClassCacheTest {

    private static final Duration CACHE_ASSEMBLY = Duration.ofSeconds(Launcher.TIMEOUT_SECONDS);

    @TempDir
    Path dir;

    /** The Temurin JDK 25 every machine of this project has beside JDK 17 ({@code ROLESANYWHERE_JDK25} overrides). */
    static Path jdk25() throws IOException {
        return jdk(25);
    }

    /** A JDK 17 to 24 for the AppCDS path: the one running the tests when it is one, else one beside it. */
    static Path jdk17() throws IOException {
        if (Runtime.version().feature() < 25) {
            return Paths.get(System.getProperty("java.home"));
        }
        return jdk(17);
    }

    private static Path jdk(int feature) throws IOException {
        String configured = System.getenv("ROLESANYWHERE_JDK" + feature);
        if (configured != null && !configured.isEmpty()) {
            Path home = Paths.get(configured);
            assertThat(home.resolve("bin/java")).as("ROLESANYWHERE_JDK" + feature + " must name a JDK").isExecutable();
            return home;
        }
        Path jvms = Paths.get("/usr/lib/jvm");
        if (Files.isDirectory(jvms)) {
            try (Stream<Path> candidates = Files.list(jvms)) {
                for (Path candidate : candidates.sorted().collect(Collectors.toList())) {
                    if (candidate.getFileName().toString().contains(Integer.toString(feature))
                            && Files.isExecutable(candidate.resolve("bin/java"))) {
                        return candidate;
                    }
                }
            }
        }
        throw new AssertionError("No JDK " + feature + " under /usr/lib/jvm: install one or set ROLESANYWHERE_JDK"
                + feature + " to one; the launcher's Java " + feature + " path cannot be left untested");
    }

    private Map<String, String> env(Path cache, Path javaHome) {
        return Map.of("HOME", dir.toString(), "ROLESANYWHERE_CDS_DIR", cache.toString(),
                "JAVA_HOME", javaHome.toString());
    }

    private static List<String> credentialProcess(EmulatorFixture fixture) {
        List<String> args = new ArrayList<>(List.of("credential-process"));
        args.addAll(fixture.sessionArgs());
        return args;
    }

    private static void assertCredentials(Launcher.Result result) {
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stderr()).isEmpty();
        assertThat(JsonNode.parser().parse(result.stdout()).field("SessionToken")).isPresent();
    }

    private static List<String> names(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(f -> f.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    /** A run that logs where each class came from into {@code log}, to see whether the cache served them. */
    private static Map<String, String> loggingClassLoads(Map<String, String> env, Path log) {
        Map<String, String> logging = new HashMap<>(env);
        logging.put("ROLESANYWHERE_OPTS", "-Xlog:class+load=info:file=" + log);
        return logging;
    }

    private static String mainClassSource(Path log) throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(l -> l.contains(" dev.rolesanywhere.cli.Main source: ")).findFirst().orElse("");
        }
    }

    /**
     * Waits, on file-system events rather than a clock, until the cache directory holds an AOT cache and no training
     * lock: the launcher assembles the cache in the background after the training run has returned.
     */
    private static Path awaitAotCache(Path cache) throws IOException, InterruptedException {
        try (WatchService watch = cache.getFileSystem().newWatchService()) {
            cache.register(watch, ENTRY_CREATE, ENTRY_DELETE);
            long deadline = System.nanoTime() + CACHE_ASSEMBLY.toNanos();
            while (true) {
                List<String> names = names(cache);
                boolean locked = names.stream().anyMatch(n -> n.endsWith(".lock"));
                List<String> caches = names.stream().filter(n -> n.endsWith(".aot")).collect(Collectors.toList());
                if (!locked && caches.size() == 1) {
                    return cache.resolve(caches.get(0));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("No AOT cache in " + cache + " within " + CACHE_ASSEMBLY + ": " + names);
                }
                WatchKey key = watch.poll(left, TimeUnit.NANOSECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    @Test
    void aotCache_onJava25_isTrainedByCredentialProcess_andServesTheNextRun() throws Exception {
        Path cache = dir.resolve("cache");
        Map<String, String> env = env(cache, jdk25());
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            Launcher.Result version = Launcher.run("rolesanywhere", List.of("--version"), env, dir);
            assertThat(version.stdout()).startsWith("rolesanywhere ").contains("Java 25");
            assertThat(names(cache)).as("only credential-process trains the cache").isEmpty();

            assertCredentials(Launcher.run("aws_signing_helper", credentialProcess(fixture), env, dir));
            Path aot = awaitAotCache(cache);
            assertThat(Files.size(aot)).isPositive();
            assertThat(names(cache)).as("the recorded configuration is removed").containsExactly(
                    aot.getFileName().toString());

            Path log = dir.resolve("classes.log");
            assertCredentials(Launcher.run("aws_signing_helper", credentialProcess(fixture),
                    loggingClassLoads(env, log), dir));
            assertThat(mainClassSource(log)).contains("source: shared objects file");
            assertThat(fixture.emulator.requestLog().count()).isEqualTo(2);
        }
    }

    @Test
    void aotCache_failedTrainingRun_leavesNothingBehind_andTheNextRunTrains() throws Exception {
        Path cache = dir.resolve("cache");
        Map<String, String> env = env(cache, jdk25());
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            List<String> wrongRole = new ArrayList<>(credentialProcess(fixture));
            wrongRole.set(wrongRole.indexOf("--role-arn") + 1, "arn:aws:iam::123456789012:role/not-in-the-profile");
            Launcher.Result failed = Launcher.run("aws_signing_helper", wrongRole, env, dir);
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.stdout()).isEmpty();
            assertThat(names(cache)).as("no cache is assembled from a failed run").isEmpty();

            assertCredentials(Launcher.run("aws_signing_helper", credentialProcess(fixture), env, dir));
            assertThat(Files.size(awaitAotCache(cache))).isPositive();
        }
    }

    @Test
    void aotCache_lockAndFilesLeftByATrainerThatDied_areReclaimedAfterTenMinutes() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Map<String, String> env = env(cache, jdk25());
        try (EmulatorFixture fixture = EmulatorFixture.start(dir)) {
            assertCredentials(Launcher.run("aws_signing_helper", credentialProcess(fixture), env, dir));
            Path aot = awaitAotCache(cache);
            Files.delete(aot);
            Path lock = cache.resolve(aot.getFileName() + ".lock");

            Files.createDirectory(lock);
            assertCredentials(Launcher.run("aws_signing_helper", credentialProcess(fixture), env, dir));
            assertThat(names(cache)).as("a fresh lock means another run is training").containsExactly(
                    lock.getFileName().toString());

            Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minus(Duration.ofMinutes(11))));
            Files.writeString(cache.resolve(aot.getFileName() + ".4242.conf"), "left by a killed training run");
            Files.writeString(cache.resolve(aot.getFileName() + ".4242.tmp"), "left by a killed assembly");
            assertCredentials(Launcher.run("aws_signing_helper", credentialProcess(fixture), env, dir));
            assertThat(Files.size(awaitAotCache(cache))).isPositive();
            assertThat(names(cache)).containsExactly(aot.getFileName().toString());
        }
    }

    @Test
    void appCds_onJava17_archiveIsCreatedOnFirstRun_andServesTheNextRun() throws IOException {
        Path cache = dir.resolve("cds");
        Map<String, String> env = env(cache, jdk17());

        Launcher.Result first = Launcher.run("rolesanywhere", List.of("--version"), env, dir);
        Path log = dir.resolve("classes.log");
        Launcher.Result second = Launcher.run("rolesanywhere", List.of("--version"), loggingClassLoads(env, log), dir);

        assertThat(first.exitCode()).isZero();
        assertThat(second.exitCode()).isZero();
        assertThat(second.stdout()).isEqualTo(first.stdout()).startsWith("rolesanywhere ");
        List<String> archives = names(cache);
        assertThat(archives).hasSize(1);
        assertThat(archives.get(0)).endsWith(".jsa");
        assertThat(Files.size(cache.resolve(archives.get(0)))).isPositive();
        assertThat(mainClassSource(log)).contains("source: shared objects file");
        assertThat(first.stderr()).isEmpty();
        assertThat(second.stderr()).isEmpty();
    }

    @Test
    void cacheDirectory_thatOthersCanWriteTo_isNeverUsed_andTheRunStillWorks() throws IOException {
        Path shared = Files.createDirectories(dir.resolve("shared-cache"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path fresh = dir.resolve("new-cache");
        Launcher.Result planted = Launcher.run("rolesanywhere", List.of("--version"), env(shared, jdk17()), dir);
        Launcher.Result created = Launcher.run("rolesanywhere", List.of("--version"), env(fresh, jdk17()), dir);

        assertThat(planted.exitCode()).as(planted.stderr()).isZero();
        assertThat(planted.stdout()).startsWith("rolesanywhere ");
        assertThat(names(shared)).as("nothing written to or read from a directory others can write to").isEmpty();
        assertThat(created.exitCode()).as(created.stderr()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
                .isEqualTo("rwx------");
        assertThat(names(fresh)).hasSize(1);
    }
}
