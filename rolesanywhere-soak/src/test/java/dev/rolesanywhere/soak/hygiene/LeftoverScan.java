package dev.rolesanywhere.soak.hygiene;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The second half of the build's secret scan: after the suites, nothing key-like may be left in the temporary
 * directories the tests used. Every test JVM's {@code java.io.tmpdir} is its module's {@code target/tmp} (the parent
 * POM's {@code test.jvm.flags}), so each is searched whole; and the system {@code /tmp}, which child processes and
 * the TPM fixture use, is searched for {@code rolesanywhere-*} entries made since the build started.
 *
 * <p>Key-like: a PEM private key, a file holding a recorded PIN or private key, a file named like a PIN file, a
 * SoftHSM2 token directory. A hit names the path and what it looks like, never the content.
 */
final class LeftoverScan {
    private static final Pattern PIN_FILE_NAME = Pattern.compile("(^|[^a-z])pin([^a-z]|$)");
    private static final int MAX_BYTES = 1 << 20;
    /** Shorter than any real PKCS#8 key: such a recorded "key" would match by chance. */
    private static final int MIN_KEY_BYTES = 64;

    private final Set<String> pins;
    private final List<byte[]> privateKeys;
    private final List<String> hits = new ArrayList<>();
    private int files;

    /** {@code pins} and {@code privateKeys} (PKCS#8 DER) are the secrets the tests recorded. */
    LeftoverScan(Set<String> pins, List<byte[]> privateKeys) {
        this.pins = pins;
        this.privateKeys = privateKeys;
    }

    /** Searches every module's {@code target/tmp} below {@code root}. */
    void scanBuildTemporaryDirectories(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 4)) {
            List<Path> temporaryDirectories = walk.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().equals("tmp") && p.getParent() != null
                            && p.getParent().getFileName().toString().equals("target"))
                    .sorted().collect(Collectors.toList());
            for (Path dir : temporaryDirectories) {
                scanTree(root, dir);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Searches the {@code rolesanywhere-*} entries of {@code systemTmp} modified at or after {@code since}. */
    void scanSystemTemporaryDirectory(Path systemTmp, Instant since) throws IOException {
        List<Path> entries;
        try (Stream<Path> list = Files.list(systemTmp)) {
            entries = list.filter(p -> p.getFileName().toString().startsWith("rolesanywhere-")).sorted()
                    .collect(Collectors.toList());
        }
        for (Path entry : entries) {
            if (!Files.getLastModifiedTime(entry).toInstant().isBefore(since)) {
                scanTree(systemTmp, entry);
            }
        }
    }

    private void scanTree(Path base, Path tree) throws IOException {
        List<Path> regularFiles;
        try (Stream<Path> walk = Files.walk(tree)) {
            regularFiles = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        for (Path file : regularFiles) {
            files++;
            String what = keyLike(file);
            if (what != null) {
                hits.add(base.relativize(file) + ": " + what);
            }
        }
    }

    /** What makes {@code file} key-like, or null. */
    private String keyLike(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.equals("token.object")) {
            return "a SoftHSM2 token";
        }
        if (name.endsWith(".object") && Files.exists(file.resolveSibling("token.object"))) {
            return null; // reported once, as the token
        }
        byte[] content = head(file);
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (text.contains("PRIVATE KEY-----")) {
            return "a PEM private key";
        }
        if (pins.contains(text.trim())) {
            return "a file holding a recorded PIN";
        }
        for (byte[] key : privateKeys) {
            if (key.length >= MIN_KEY_BYTES && contains(content, key)) {
                return "a file holding a recorded private key";
            }
        }
        if (PIN_FILE_NAME.matcher(name).find()) {
            return "a file named like a PIN file";
        }
        return null;
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAX_BYTES);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    List<String> hits() {
        return Collections.unmodifiableList(hits);
    }

    int filesChecked() {
        return files;
    }
}
