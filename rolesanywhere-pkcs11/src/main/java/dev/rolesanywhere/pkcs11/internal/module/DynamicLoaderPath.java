package dev.rolesanywhere.pkcs11.internal.module;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the platform's dynamic loader finds a library named by its bare file name, as {@code dlopen("name.so")} in
 * the reference tool would: the directories of {@code LD_LIBRARY_PATH} ({@code DYLD_LIBRARY_PATH} and
 * {@code DYLD_FALLBACK_LIBRARY_PATH} on macOS, {@code PATH} on Windows), then, on Linux, the {@code ld.so} cache as
 * {@code ldconfig -p} prints it. Nothing is loaded to find out: loading a module runs its initialisers.
 */
public final class DynamicLoaderPath {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicLoaderPath.class);
    private static final String[] LDCONFIG = {"/sbin/ldconfig", "/usr/sbin/ldconfig"};
    private static final long LDCONFIG_TIMEOUT_SECONDS = 10;

    private DynamicLoaderPath() {
    }

    /** The search-path variables' directories for {@code osName}, in the loader's order; blanks and bad paths skipped. */
    public static List<Path> environmentDirectories(String osName, Map<String, String> environment) {
        String os = osName.toLowerCase(Locale.ROOT);
        String[] variables;
        String separator;
        if (os.startsWith("windows")) {
            variables = new String[] {"PATH"};
            separator = ";";
        } else if (os.startsWith("mac") || os.startsWith("darwin")) {
            variables = new String[] {"DYLD_LIBRARY_PATH", "DYLD_FALLBACK_LIBRARY_PATH"};
            separator = ":";
        } else {
            variables = new String[] {"LD_LIBRARY_PATH"};
            separator = ":";
        }
        List<Path> dirs = new ArrayList<>();
        for (String variable : variables) {
            String value = environment.get(variable);
            if (value == null) {
                continue;
            }
            for (String entry : value.split(separator, -1)) {
                // An empty entry means the working directory to the loader: never a source of modules here.
                if (entry.trim().isEmpty()) {
                    continue;
                }
                try {
                    Path dir = Paths.get(entry);
                    if (dir.isAbsolute()) {
                        dirs.add(dir);
                    }
                } catch (InvalidPathException e) {
                    LOG.debug("Ignoring {} entry '{}': {}", variable, entry, e.getMessage());
                }
            }
        }
        return dirs;
    }

    /**
     * The file the {@code ld.so} cache maps the first of {@code fileNames} it knows to, for this JVM's architecture,
     * if that file exists; empty off Linux, or when {@code ldconfig} is missing or fails.
     */
    public static Optional<Path> fromLdCache(List<String> fileNames) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        Optional<String> output = ldconfigOutput();
        if (!output.isPresent()) {
            return Optional.empty();
        }
        for (String fileName : fileNames) {
            Optional<Path> found = parseLdconfig(output.get(), fileName, System.getProperty("os.arch", ""))
                    .filter(Files::isRegularFile);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The path {@code ldconfig -p} output maps {@code fileName} to, for {@code osArch}. Lines look like
     * {@code \tlibp11-kit.so.0 (libc6,x86-64) => /lib/x86_64-linux-gnu/libp11-kit.so.0}; on a multi-arch system the
     * same name appears once per architecture.
     */
    static Optional<Path> parseLdconfig(String output, String fileName, String osArch) {
        String tag = architectureTag(osArch);
        for (String raw : output.split("\n", -1)) {
            String line = raw.trim();
            int open = line.indexOf(" (");
            int close = line.indexOf(") => ");
            if (open < 0 || close < open || !line.substring(0, open).equals(fileName)) {
                continue;
            }
            String flags = line.substring(open + 2, close);
            if (tag != null && !flags.contains(tag)) {
                continue;
            }
            try {
                return Optional.of(Paths.get(line.substring(close + 5).trim()));
            } catch (InvalidPathException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** How ldconfig marks libraries of this architecture; null where the plain entry is the one to take. */
    private static String architectureTag(String osArch) {
        switch (osArch) {
            case "amd64":
            case "x86_64":
                return "x86-64";
            case "aarch64":
            case "arm64":
                return "AArch64";
            default:
                return null;
        }
    }

    private static Optional<String> ldconfigOutput() {
        for (String ldconfig : LDCONFIG) {
            if (!Files.isExecutable(Paths.get(ldconfig))) {
                continue;
            }
            try {
                Process p = new ProcessBuilder(ldconfig, "-p").redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out;
                try (InputStream in = p.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!p.waitFor(LDCONFIG_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return Optional.empty();
                }
                return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
            } catch (IOException e) {
                LOG.debug("Cannot run {} -p: {}", ldconfig, e.toString());
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
