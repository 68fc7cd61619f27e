package dev.rolesanywhere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code credential-process} runs under a root that holds it alone (so that picocli does not model every other
 * command on each credentials refresh); what it prints and returns must be exactly what the whole command tree gives.
 */
class CredentialProcessTreeTest {

    /** The flags that get a run past the ARN checks to the key. */
    private static final List<String> ARNS = List.of(
            "--trust-anchor-arn", "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/a",
            "--profile-arn", "arn:aws:rolesanywhere:us-east-1:123456789012:profile/p",
            "--role-arn", "arn:aws:iam::123456789012:role/r");

    @TempDir
    Path dir;

    static Stream<List<String>> commandLines() {
        return Stream.of(
                List.of("credential-process", "--help"),
                List.of("credential-process", "--bogus"),
                List.of("credential-process", "stray"),
                List.of("credential-process", "--session-duration", "soon"),
                List.of("credential-process"),
                withArns("credential-process", "--certificate", "missing.pem"),
                withArns("credential-process", "--certificate", "missing.pem", "--debug"),
                List.of("credential-process", "--cert-selector", "Key=x", "--certificate", "c.pem"));
    }

    private static List<String> withArns(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(ARNS);
        return all;
    }

    @ParameterizedTest
    @MethodSource("commandLines")
    void credentialProcess_printsAndReturnsWhatTheWholeTreeGives(List<String> args) {
        String[] argv = args.toArray(new String[0]);
        TestContexts.Captured whole = TestContexts.capture(dir);
        int wholeStatus = Main.commandLine(whole.context).execute(argv);

        TestContexts.Captured alone = TestContexts.capture(dir);
        int aloneStatus = Main.run(alone.context, argv);

        assertThat(aloneStatus).isEqualTo(wholeStatus);
        assertThat(alone.stdout()).isEqualTo(whole.stdout());
        assertThat(normaliseStackTraces(alone.stderr())).isEqualTo(normaliseStackTraces(whole.stderr()));
        assertThat(alone.stdout() + alone.stderr()).as("the run printed something to compare").isNotBlank();
    }

    // With --debug the stack traces differ only in the frames of the two entry points.
    private static String normaliseStackTraces(String stderr) {
        return stderr.lines().filter(line -> !line.startsWith("\tat ") && !line.startsWith("\t...")).reduce("",
                (a, b) -> a + b + "\n");
    }
}
