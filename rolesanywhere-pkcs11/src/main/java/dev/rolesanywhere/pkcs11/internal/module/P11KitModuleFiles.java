package dev.rolesanywhere.pkcs11.internal.module;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads p11-kit module files ({@code pkcs11.conf(5)}: {@code key: value} lines, {@code #} comments): the
 * {@code module:} line that names the library, and whether the proxy loads it. The other keys steer p11-kit's own
 * behaviour.
 */
public final class P11KitModuleFiles {
    private static final Logger LOG = LoggerFactory.getLogger(P11KitModuleFiles.class);
    /** The program name p11-kit's {@code enable-in}/{@code disable-in} use for its proxy module. */
    private static final String PROXY_PROGRAM = "p11-kit-proxy";

    private P11KitModuleFiles() {
    }

    /** The {@code *.module} files in {@code dir}, sorted by name; empty if the directory is absent or unreadable. */
    public static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return java.util.Collections.emptyList();
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".module")).sorted()
                    .collect(java.util.stream.Collectors.toList());
        } catch (IOException e) {
            LOG.warn("Cannot list p11-kit module directory {}: {}", dir, e.toString());
            return java.util.Collections.emptyList();
        }
    }

    /** The {@code module:} value, or empty if the file is absent, unreadable or has none. */
    public static Optional<String> moduleValue(Path moduleFile) {
        return value(moduleFile, "module");
    }

    /**
     * False when the file keeps the module out of the p11-kit proxy ({@code disable-in: p11-kit-proxy}, or an
     * {@code enable-in} list without it), as p11-kit's own trust module does.
     */
    public static boolean loadedByProxy(Path moduleFile) {
        Optional<String> enableIn = value(moduleFile, "enable-in");
        if (enableIn.isPresent() && !programs(enableIn.get()).contains(PROXY_PROGRAM)) {
            return false;
        }
        return !value(moduleFile, "disable-in").map(v -> programs(v).contains(PROXY_PROGRAM)).orElse(false);
    }

    private static List<String> programs(String value) {
        return Arrays.asList(value.trim().split("[,\\s]+"));
    }

    private static Optional<String> value(Path moduleFile, String key) {
        if (!Files.isRegularFile(moduleFile)) {
            return Optional.empty();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(moduleFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Cannot read p11-kit module file {}: {}", moduleFile, e.toString());
            return Optional.empty();
        }
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(key)) {
                String value = line.substring(colon + 1).trim();
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
