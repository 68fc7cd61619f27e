package dev.rolesanywhere.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process runner: both streams drained at once, input fed, failures described without secrets. */
class ProcessRunnerTest {

    @Test
    void run_whenTheChildFillsStderrBeforeWritingStdout_doesNotHang() {
        // 1 MiB on stderr, far beyond a pipe's buffer, before a single byte on stdout: a runner that read stdout to
        // its end first would wait for ever on a child blocked writing stderr.
        ProcessRunner.Result result = ProcessRunner.command("sh", "-c",
                "head -c 1048576 /dev/zero | tr '\\0' e >&2; echo done").timeout(Duration.ofSeconds(30)).run();

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("done\n");
        assertThat(result.stderr()).hasSize(1 << 20).matches("e+");
    }

    @Test
    void run_feedsTheInputAndKeepsStdoutBytesExact() {
        byte[] input = {0, 1, 2, (byte) 0xff, '\n'};

        ProcessRunner.Result result = ProcessRunner.command("cat").input(input).run().check();

        assertThat(result.stdoutBytes()).containsExactly(input);
    }

    @Test
    void run_addsEnvironmentAndWorkingDirectory(@TempDir Path dir) throws Exception {
        ProcessRunner.Result result = ProcessRunner.command("sh", "-c", "echo \"$FIXTURE_VALUE\"; pwd")
                .environment(Collections.singletonMap("FIXTURE_VALUE", "from-test")).directory(dir).run().check();

        assertThat(result.stdout()).isEqualTo("from-test\n" + dir.toRealPath() + "\n");
    }

    @Test
    void check_onFailure_namesCommandStatusAndOutput_butNoPin() {
        ProcessRunner runner = ProcessRunner.command("sh", "-c", "echo bad secret-123 >&2; exit 3", "--pin", "4711")
                .secret("secret-123");

        assertThatThrownBy(() -> runner.run().check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with status 3")
                .hasMessageContaining("--pin ***")
                .hasMessageContaining("bad ***")
                .hasMessageNotContaining("4711")
                .hasMessageNotContaining("secret-123");
    }

    @Test
    void run_whenTheToolIsMissing_saysHowToInstallIt() {
        assertThatThrownBy(() -> ProcessRunner.command("no-such-tool-here").run())
                .hasMessageContaining("no-such-tool-here")
                .hasMessageContaining("scripts/install-system-deps.sh");
    }

    @Test
    void run_whenTheChildOutlivesTheTimeout_killsItAndSaysSo() {
        assertThatThrownBy(() -> ProcessRunner.command("sleep", "30").timeout(Duration.ofMillis(200)).run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not finish");
    }

    @Test
    void output_isStdoutThenStderr() {
        ProcessRunner.Result result = ProcessRunner.command("sh", "-c", "echo err >&2; echo out").run();

        assertThat(result.output()).isEqualTo("out\nerr\n");
        assertThat(new String(result.stdoutBytes(), StandardCharsets.UTF_8)).isEqualTo("out\n");
    }
}
