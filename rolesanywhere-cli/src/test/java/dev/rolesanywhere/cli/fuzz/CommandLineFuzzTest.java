package dev.rolesanywhere.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.rolesanywhere.cli.Main;
import dev.rolesanywhere.cli.internal.CliContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Any argument array a person (or a script with a bad variable) can pass ends with exit status 0, 1 or 2, at most
 * one line on stderr and no stack trace unless {@code --debug} asked for one, promptly, and without writing anything
 * outside the temporary home directory it is given.
 *
 * <p>{@code serve}, {@code update} and {@code emulator} run until stopped by design, and {@code pkcs11 keygen} /
 * {@code import-cert} write to a token; they are left out. Every path and module named lies in a temporary
 * directory, and endpoints point at a closed local port, so no real token, file or service is touched.
 */
class CommandLineFuzzTest {

    private static final Duration PER_RUN = Duration.ofSeconds(20);
    // Marked, so that a hit can only be a copy of the PIN.
    private static final String PIN = "Q4471920q";

    private static Path home;
    private static Path workingDirectory;
    private static List<String> workingDirectoryBefore;

    @BeforeContainer
    static void makeHome() throws IOException {
        home = Files.createTempDirectory("cli-fuzz-home");
        Files.write(home.resolve("garbage.pem"),
                "-----BEGIN CERTIFICATE-----\nAAAA\n".getBytes(StandardCharsets.US_ASCII));
        workingDirectory = Paths.get("").toAbsolutePath();
        workingDirectoryBefore = listing(workingDirectory);
    }

    @AfterContainer
    static void checkAndRemoveHome() throws IOException {
        try {
            assertThat(listing(workingDirectory)).as("files created in the working directory")
                    .isEqualTo(workingDirectoryBefore);
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property
    void anyArguments_endWithAKnownStatus_andAtMostOneLineOnStderr(@ForAll("argumentLists") List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CliContext context = new CliContext(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), () -> null, Clock.systemUTC(), home);

        int status = assertTimeoutPreemptively(PER_RUN, () -> Main.run(context, args.toArray(new String[0])));

        String stderr = err.toString(StandardCharsets.UTF_8);
        // Shows in the report how many runs got past parsing into a command, so a vacuous generator is visible.
        Statistics.collect(status);
        assertThat(status).as("exit status; stderr: %s", stderr).isIn(0, 1, 2);
        if (!args.contains("--debug")) {
            assertThat(stderr).as("stderr").doesNotContain("\tat ").doesNotContain("Exception in thread");
            // The warning that --pkcs8-password is visible to other users is the one line allowed besides the error.
            assertThat(stderr.strip().lines().filter(line -> !line.startsWith("Warning: --pkcs8-password")).count())
                    .as("stderr lines: %s", stderr).isLessThanOrEqualTo(1);
        }
        if (status != 0) {
            assertThat(stderr).as("a failure says why").isNotBlank();
        }
        assertThat(stderr + out.toString(StandardCharsets.UTF_8)).as("a PIN given in a location")
                .doesNotContain(PIN);
    }

    @Provide
    Arbitrary<List<String>> argumentLists() {
        String dir = home.toString();
        Arbitrary<String> command = Arbitraries.of("credential-process", "sign-string", "read-certificate-data",
                "pkcs11", "help", "--help", "--version", "-h", "-V", "no-such-command", "");
        Arbitrary<String> option = Arbitraries.of("--certificate", "--private-key", "--intermediates",
                "--trust-anchor-arn", "--profile-arn", "--role-arn", "--session-duration", "--region", "--endpoint",
                "--no-verify-ssl", "--ca-bundle", "--with-proxy", "--proxy", "--role-session-name", "--pkcs11-lib",
                "--reuse-pin", "--pkcs8-password", "--cert-selector", "--system-store-name",
                "--use-latest-expiring-certificate", "--tpm-key-password", "--no-tpm-key-password", "--digest",
                "--format", "--help", "-h", "--", "-", "--certificate=", "--session-duration=-1", "--unknown",
                "-certificate");
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of(dir + "/missing.pem", dir + "/garbage.pem", dir, dir + "/../" + home.getFileName(),
                        "pkcs11:token=t;object=o?module-path=" + dir + "/missing.so", "pkcs11:token=%zz",
                        "pkcs11:", "pkcs11:?pin-value=1234", "arn:aws:rolesanywhere:us-east-1:123456789012:"
                                + "trust-anchor/0", "arn:aws:iam::123456789012:role/r", "900", "43201", "-5",
                        "99999999999999999999", "PT1H", "https://127.0.0.1:1", "http://[::1", "not a url",
                        "SHA256", "SHA512", "MD5", "text", "json", "bin", "us-east-1", "", " ", "\u0000",
                        "key=Key(Key=CN,Value=x)", "\n", "é", " pkcs11:token=t;pin-value=" + PIN,
                        "file:pkcs11:token=t;object=o;pin-value=" + PIN, "PKCS11:token=t?PIN-VALUE=" + PIN,
                        dir + "/pkcs11:token=t;Pin-Value = " + PIN, "pkcs11:?pin-value=" + PIN + "&x"),
                Arbitraries.strings().ofMaxLength(12));
        Arbitrary<List<String>> rest = Arbitraries.oneOf(option, value).list().ofMaxSize(10);
        return command.flatMap(c -> rest.map(r -> {
            List<String> all = new ArrayList<>();
            if (!c.isEmpty()) {
                all.add(c);
            }
            all.addAll(r);
            return all;
        })).filter(CommandLineFuzzTest::runsAndEnds);
    }

    /** Keeps out argument lists that would start a command that runs until stopped or writes to a token. */
    private static boolean runsAndEnds(List<String> args) {
        for (String a : args) {
            if (Arrays.asList("serve", "update", "emulator", "keygen", "import-cert").contains(a)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.equals("target")).sorted()
                    .collect(Collectors.toList());
        }
    }
}
