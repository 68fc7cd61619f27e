package dev.rolesanywhere.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Directories for files a fixture keeps for the whole JVM (token stores, PIN files, native modules): made readable
 * by their owner only, under {@code java.io.tmpdir} (the module's {@code target/tmp} in a Maven build), and removed
 * with everything in them when the JVM exits. {@code File.deleteOnExit} cannot do that: it skips a directory that is
 * not empty. Files a single test needs belong in JUnit's {@code @TempDir} instead, which is removed after the test.
 */
public final class ScratchDirectory {
    private static final List<Path> CREATED = new ArrayList<>();
    private static boolean hookInstalled;

    private ScratchDirectory() {
    }

    /** A new directory named {@code rolesanywhere-<prefix>…}, removed at JVM exit. */
    public static Path create(String prefix) {
        return create(Paths.get(System.getProperty("java.io.tmpdir")), prefix);
    }

    /** A new directory in {@code parent} named {@code rolesanywhere-<prefix>…}, removed at JVM exit. */
    public static synchronized Path create(Path parent, String prefix) {
        try {
            Files.createDirectories(parent);
            Path dir = Files.createTempDirectory(parent.toAbsolutePath(), "rolesanywhere-" + prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(ScratchDirectory::deleteAll, "scratch-cleanup"));
                hookInstalled = true;
            }
            CREATED.add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a scratch directory in " + parent, e);
        }
    }

    /** Deletes {@code root} and everything below it; a root that is already gone is fine. */
    public static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (NoSuchFileException e) {
            // nothing left to delete
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    private static synchronized void deleteAll() {
        for (Path dir : CREATED) {
            try {
                deleteRecursively(dir);
            } catch (UncheckedIOException e) {
                // at JVM exit there is no test to fail: say so, and the build's hygiene scan names what is left
                System.err.println("Could not remove " + dir + ": " + e.getCause());
            }
        }
        CREATED.clear();
    }
}
