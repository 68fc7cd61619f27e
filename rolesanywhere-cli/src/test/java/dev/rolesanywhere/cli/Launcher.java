package dev.rolesanywhere.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the built launcher script as a separate process, exactly as a user or an SDK would. */
final class Launcher {

    static final long TIMEOUT_SECONDS = 120;

    private Launcher() {
    }

    /** target/ of this module: the build puts bin/ and lib/ there before the tests run. */
    static Path home() {
        return Paths.get(System.getProperty("rolesanywhere.cli.home", "target")).toAbsolutePath();
    }

    static Path script(String name) {
        Path script = home().resolve("bin").resolve(name);
        if (!Files.isExecutable(script)) {
            throw new IllegalStateException(script + " is missing or not executable; run the Maven build "
                    + "(process-classes) before the tests");
        }
        return script;
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(String scriptName, List<String> args, Map<String, String> env, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(script(scriptName).toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        isolate(pb.environment());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process p = pb.start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("launcher did not finish within " + TIMEOUT_SECONDS + " s: " + command);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Nothing from the developer's own setup may leak into a test run: their AWS settings, proxies and trusted roots
     * would change what the command does.
     */
    static void isolate(Map<String, String> environment) {
        environment.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("ROLESANYWHERE_")
                || k.equalsIgnoreCase("HTTPS_PROXY") || k.equalsIgnoreCase("HTTP_PROXY")
                || k.equalsIgnoreCase("NO_PROXY") || k.equals("SSL_CERT_FILE") || k.equals("SSL_CERT_DIR"));
    }

    static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream s = in) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                s.transferTo(buffer);
                return buffer.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
