package dev.rolesanywhere.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native fixtures this module's build compiles from {@code src/main/c} into its jar ({@code native/}): the
 * fault-injection PKCS#11 module {@code libp11fault.so} and the {@code p11objects} helper. A native module must be a
 * file to be loaded, so each is copied out once per JVM into a scratch directory removed at exit.
 */
public final class NativeFixtures {
    private static final Map<String, Path> EXTRACTED = new ConcurrentHashMap<>();

    private NativeFixtures() {
    }

    /** The file {@code name} (e.g. {@code libp11fault.so}), ready to load or run; the same path for the whole JVM. */
    public static Path file(String name) {
        return EXTRACTED.computeIfAbsent(name, NativeFixtures::extract);
    }

    private static Path extract(String name) {
        try (InputStream in = NativeFixtures.class.getResourceAsStream("/native/" + name)) {
            if (in == null) {
                throw new IllegalStateException("native/" + name + " is not in rolesanywhere-test-fixtures: it is "
                        + "compiled from src/main/c unless that module is built with -Dmaven.test.skip=true (as the "
                        + "demo does); rebuild it with `mvn -pl rolesanywhere-test-fixtures install -DskipTests` "
                        + "(gcc, libc6-dev and libp11-kit-dev are needed: scripts/install-system-deps.sh)");
            }
            Path file = ScratchDirectory.create("native-").resolve(name);
            Files.copy(in, file);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot copy the native fixture " + name + " out of its jar", e);
        }
    }
}
