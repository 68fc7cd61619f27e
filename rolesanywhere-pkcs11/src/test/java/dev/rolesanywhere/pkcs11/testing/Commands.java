package dev.rolesanywhere.pkcs11.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the token tools (softhsm2-util, pkcs11-tool, gcc, p11-kit) for fixtures, failing loudly with their output. */
public final class Commands {
    // generous: the build machine is shared by several engineers' builds at once
    private static final long TIMEOUT_SECONDS = 120;

    private Commands() {
    }

    /** Runs {@code command} with {@code environment} added to this process's, returns stdout+stderr, or throws. */
    public static String run(Map<String, String> environment, String... command) {
        return run(environment, Arrays.asList(command));
    }

    public static String run(Map<String, String> environment, List<String> command) {
        Result r = runUnchecked(environment, command);
        if (r.exitCode != 0) {
            throw new IllegalStateException("Command failed with exit code " + r.exitCode + ": "
                    + printable(command) + "\n" + r.output);
        }
        return r.output;
    }

    /** Runs {@code command} and returns its exit code and output without judging them. */
    public static Result runUnchecked(Map<String, String> environment, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(NativeEnvironment.childEnvironment());
        pb.environment().putAll(environment);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> copy(p.getInputStream(), out), "command-output");
            pump.setDaemon(true);
            pump.start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Command did not finish in " + TIMEOUT_SECONDS + " s: "
                        + printable(command));
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
            synchronized (out) {
                return new Result(p.exitValue(), new String(out.toByteArray(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + printable(command) + " (is it installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + printable(command), e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    out.write(buf, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended; what was read is all there is
        }
    }

    /** The command line with PIN arguments masked, for messages. */
    static String printable(List<String> command) {
        List<String> shown = new ArrayList<>(command);
        for (int i = 0; i < shown.size() - 1; i++) {
            String a = shown.get(i);
            if (a.equals("--pin") || a.equals("--so-pin") || a.equals("-p")) {
                shown.set(i + 1, "***");
            }
        }
        return String.join(" ", shown);
    }

    /** Exit code and combined output of a finished command. */
    public static final class Result {
        public final int exitCode;
        public final String output;

        Result(int exitCode, String output) {
            this.exitCode = exitCode;
            this.output = output;
        }
    }
}
