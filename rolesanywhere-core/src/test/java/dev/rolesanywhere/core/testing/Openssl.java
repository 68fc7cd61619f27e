package dev.rolesanywhere.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Runs the openssl command line, the independent implementation the signing tests check against. */
public final class Openssl {
    private Openssl() {
    }

    /** Runs {@code openssl args...} with {@code stdin}, returns stdout; fails on a non-zero exit or a hang. */
    public static byte[] run(byte[] stdin, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out;
        byte[] err;
        try (InputStream stdout = process.getInputStream(); InputStream stderr = process.getErrorStream()) {
            out = stdout.readAllBytes();
            err = stderr.readAllBytes();
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not finish: " + Arrays.toString(args));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed (" + process.exitValue()
                    + "): " + new String(err, StandardCharsets.UTF_8) + new String(out, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Like {@link #run} but returns the exit status and combined output instead of failing. */
    public static Result tryRun(byte[] stdin, String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "openssl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream stdout = process.getInputStream()) {
            stdout.transferTo(out);
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not finish: " + Arrays.toString(args));
        }
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    public static final class Result {
        public final int exitCode;
        public final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
