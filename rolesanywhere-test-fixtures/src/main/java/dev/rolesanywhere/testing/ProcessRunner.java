package dev.rolesanywhere.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a tool the tests use as an independent reference or an administrator's hand (openssl, keytool, softhsm2-util,
 * pkcs11-tool, tpm2 tools, gcc). Standard output and standard error are drained at the same time, each by its own
 * thread: a child that fills one pipe while the reader waits on the other would otherwise hang the test.
 *
 * <pre>{@code
 * byte[] der = ProcessRunner.command("openssl", "x509", "-outform", "DER").input(pem).run().check().stdoutBytes();
 * ProcessRunner.Result r = ProcessRunner.command("openssl", "verify", cert).run();   // any exit status
 * }</pre>
 *
 * <p>Messages never show a PIN: the value after {@code --pin}, {@code --so-pin}, {@code --userpin}, {@code --sopin}
 * or {@code -p}, and every value passed to {@link #secret(String)}, is masked.
 */
public final class ProcessRunner {
    // generous: the build machine is shared by several builds at once
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    private static final Set<String> PIN_FLAGS =
            new LinkedHashSet<>(Arrays.asList("--pin", "--so-pin", "--userpin", "--sopin", "-p"));

    private final List<String> command;
    private final Map<String, String> environment = new HashMap<>();
    private final List<String> secrets = new ArrayList<>();
    private Path directory;
    private byte[] input = new byte[0];
    private Duration timeout = DEFAULT_TIMEOUT;

    private ProcessRunner(List<String> command) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("A command needs at least the program to run");
        }
        this.command = new ArrayList<>(command);
    }

    public static ProcessRunner command(String... command) {
        return new ProcessRunner(Arrays.asList(command));
    }

    public static ProcessRunner command(List<String> command) {
        return new ProcessRunner(command);
    }

    /** Variables added to (or replacing those of) this JVM's environment, including {@link NativeEnvironment}'s. */
    public ProcessRunner environment(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    public ProcessRunner directory(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    /** Bytes written to the child's standard input, which is then closed (empty by default). */
    public ProcessRunner input(byte[] bytes) {
        this.input = bytes.clone();
        return this;
    }

    public ProcessRunner timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** A value (a password, a PIN passed in the environment) that messages must not show. */
    public ProcessRunner secret(String value) {
        secrets.add(value);
        return this;
    }

    /** Runs the command to its end and returns what happened, whatever the exit status. */
    public Result run() {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(NativeEnvironment.childEnvironment());
        builder.environment().putAll(environment);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + printable() + " (is it installed? "
                    + "scripts/install-system-deps.sh installs every tool the tests use)", e);
        }
        CompletableFuture<byte[]> stdout = drain(process.getInputStream());
        CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
        try (OutputStream in = process.getOutputStream()) {
            in.write(input);
        } catch (IOException e) {
            // the child exited without reading its input; its status and output say why
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(printable() + " did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(printable(), process.exitValue(), finished(stdout), finished(stderr), secrets);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + printable(), e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            try (InputStream in = stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                    buffer.write(chunk, 0, n);
                }
                result.complete(buffer.toByteArray());
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "process-output");
        pump.setDaemon(true);
        pump.start();
        return result;
    }

    private byte[] finished(CompletableFuture<byte[]> output) throws InterruptedException {
        try {
            // the child has exited; its pipes close unless a grandchild still holds them
            return output.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UncheckedIOException("Cannot read the output of " + printable(),
                    e.getCause() instanceof IOException ? (IOException) e.getCause() : new IOException(e.getCause()));
        } catch (TimeoutException e) {
            throw new IllegalStateException(printable() + " exited, but something it started keeps its output open");
        }
    }

    private String printable() {
        List<String> shown = new ArrayList<>(command);
        for (int i = 0; i < shown.size() - 1; i++) {
            if (PIN_FLAGS.contains(shown.get(i))) {
                shown.set(i + 1, "***");
            }
        }
        return mask(String.join(" ", shown), secrets);
    }

    private static String mask(String text, List<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                masked = masked.replace(secret, "***");
            }
        }
        return masked;
    }

    /** How a finished command ended: its exit status and both output streams. */
    public static final class Result {
        private final String command;
        private final int exitCode;
        private final byte[] stdout;
        private final byte[] stderr;
        private final List<String> secrets;

        Result(String command, int exitCode, byte[] stdout, byte[] stderr, List<String> secrets) {
            this.command = command;
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
            this.secrets = new ArrayList<>(secrets);
        }

        public int exitCode() {
            return exitCode;
        }

        public byte[] stdoutBytes() {
            return stdout.clone();
        }

        public String stdout() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String stderr() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        /** Standard output followed by standard error, for tools that report on either. */
        public String output() {
            return stdout() + stderr();
        }

        /** This result if the command exited with status 0; otherwise an error with its (masked) output. */
        public Result check() {
            if (exitCode != 0) {
                throw new IllegalStateException(command + " exited with status " + exitCode + ":\n"
                        + mask(stderr() + stdout(), secrets));
            }
            return this;
        }

        @Override
        public String toString() {
            return command + ": exit " + exitCode;
        }
    }
}
