package dev.rolesanywhere.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a command in a pseudo-terminal of its own, made by {@code script} (util-linux), as a person at a terminal
 * would run it: the command's controlling terminal is the pty, whatever its stdin and stdout are redirected to. When
 * the terminal shows {@code prompt}, the answer is typed.
 */
final class PseudoTerminal {

    private PseudoTerminal() {
    }

    record Result(int exitCode, String transcript, boolean prompted) {
    }

    static Result run(List<String> command, Map<String, String> env, Path dir, String prompt, String answer) {
        String shellCommand = command.stream().map(PseudoTerminal::quote).collect(Collectors.joining(" "));
        ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", shellCommand, "/dev/null")
                .directory(dir.toFile()).redirectErrorStream(true);
        Launcher.isolate(pb.environment());
        pb.environment().putAll(env);
        pb.environment().put("SHELL", "/bin/sh");
        try {
            Process process = pb.start();
            StringBuffer transcript = new StringBuffer();
            CountDownLatch promptShown = new CountDownLatch(1);
            Thread reader = new Thread(() -> copy(process.getInputStream(), transcript, prompt, promptShown),
                    "pty-transcript");
            reader.setDaemon(true);
            reader.start();
            boolean prompted = promptShown.await(Launcher.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try (OutputStream keyboard = process.getOutputStream()) {
                if (prompted) {
                    keyboard.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
                    keyboard.flush();
                }
                if (!process.waitFor(Launcher.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("no exit within " + Launcher.TIMEOUT_SECONDS + " s: " + transcript);
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return new Result(process.exitValue(), transcript.toString(), prompted);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void copy(InputStream in, StringBuffer transcript, String prompt, CountDownLatch promptShown) {
        byte[] buffer = new byte[4096];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                transcript.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                if (transcript.indexOf(prompt) >= 0) {
                    promptShown.countDown();
                }
            }
        } catch (IOException e) {
            // The pty closes when the command ends.
        }
    }

    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
