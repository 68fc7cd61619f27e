package dev.rolesanywhere.pkcs11.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the test build puts what it compiles from {@code src/test/c} (exec-maven-plugin, process-test-resources). */
public final class NativeTestBuild {
    private NativeTestBuild() {
    }

    /** {@code target/native}, or the {@code rolesanywhere.test.nativeDir} system property. */
    public static Path directory() {
        String configured = System.getProperty("rolesanywhere.test.nativeDir");
        return (configured != null ? Paths.get(configured) : Paths.get("target", "native")).toAbsolutePath();
    }

    /** A built file, or an error saying how to build it. */
    public static Path file(String name) {
        Path p = directory().resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " does not exist: it is compiled from src/test/c by the Maven build "
                    + "(mvn -pl rolesanywhere-pkcs11 process-test-resources); gcc and p11-kit headers are required");
        }
        return p;
    }
}
