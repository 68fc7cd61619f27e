package dev.rolesanywhere.soak.hygiene;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build's secret scan: every line the test suites wrote to {@code target/surefire-reports} of every module is
 * searched for the secrets the tests created, as recorded under {@code target/test-secrets} (PINs, private keys,
 * secret access keys, session tokens). A hit names the file, the line and the kind of secret, never the secret. A PIN
 * is also looked for percent-encoded, as a {@code pin-value} in a URI spells it.
 * Then {@link LeftoverScan} checks that no key, PIN or token is left in the temporary directories the tests used.
 *
 * <p>Run by the soak module's {@code verify} phase (after every other module's tests in a full build):
 * {@code SecretScan <project root> <report file> [<build start> <system tmp>]}; it throws, failing the build, on any
 * hit or leftover, or when no secret was recorded at all (a scan with nothing to look for proves nothing). With a
 * build start (an ISO-8601 instant), {@code rolesanywhere-*} entries of the system temporary directory made since
 * then are checked too; on a machine where several builds share {@code /tmp}, pass an empty directory name instead.
 */
public final class SecretScan {
    /** Needles are found by their first characters; anything shorter is matched as a whole word instead. */
    static final int PREFIX = 16;

    private final Map<String, List<Needle>> byPrefix = new HashMap<>();
    private final Map<String, List<Needle>> shortWords = new HashMap<>();
    private final List<Needle> shortNonWords = new ArrayList<>();
    private final Map<String, Integer> secretsByKind = new TreeMap<>();
    private final List<String> hits = new ArrayList<>();
    private final Set<String> pins = new HashSet<>();
    private final List<byte[]> privateKeys = new ArrayList<>();
    private final LeftoverScan leftovers = new LeftoverScan(pins, privateKeys);
    private int files;
    private long lines;

    /** One searched form of one secret; {@code id} is the secret's position in its record, for the report. */
    private static final class Needle {
        final String text;
        final String kind;
        final String id;

        Needle(String text, String kind, String id) {
            this.text = text;
            this.kind = kind;
            this.id = id;
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 4) {
            throw new IllegalArgumentException(
                    "usage: SecretScan <project root> <report file> [<build start> [<system tmp>]]");
        }
        SecretScan scan = new SecretScan();
        Path root = Paths.get(args[0]).toAbsolutePath().normalize();
        scan.loadSecrets(root);
        scan.scanLogs(root);
        scan.leftovers.scanBuildTemporaryDirectories(root);
        if (args.length == 4 && args[3] != null && !args[3].isBlank()) {
            scan.leftovers.scanSystemTemporaryDirectory(Paths.get(args[3]), Instant.parse(args[2]));
        }
        String report = scan.report(root);
        Path out = Paths.get(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, report.getBytes(StandardCharsets.UTF_8));
        System.out.print(report);
        if (scan.secretCount() == 0) {
            throw new IllegalStateException("The secret scan found no recorded secrets under " + root + "/*/target/"
                    + "test-secrets: the tests did not run with -Drolesanywhere.test.secretsDir, so nothing was "
                    + "checked. Run the tests first (mvn verify)");
        }
        if (!scan.hits().isEmpty()) {
            throw new IllegalStateException(scan.hits().size() + " secret(s) found in test output; see " + out
                    + " for file, line and kind, and remove the logging that wrote them");
        }
        if (!scan.leftovers.hits().isEmpty()) {
            throw new IllegalStateException(scan.leftovers.hits().size() + " key-like file(s) left in temporary "
                    + "directories after the tests; see " + out + ", and remove them where the test ends (@TempDir, "
                    + "or dev.rolesanywhere.testing.ScratchDirectory for files a fixture keeps until the JVM exits)");
        }
    }

    void loadSecrets(Path root) throws IOException {
        for (Path record : find(root, "test-secrets", ".secrets")) {
            List<String> entries = Files.readAllLines(record, StandardCharsets.UTF_8);
            for (int i = 0; i < entries.size(); i++) {
                int tab = entries.get(i).indexOf('\t');
                if (tab > 0) {
                    addSecret(entries.get(i).substring(0, tab), entries.get(i).substring(tab + 1),
                            root.relativize(record) + "#" + (i + 1));
                }
            }
        }
    }

    void addSecret(String kind, String value, String id) {
        if (value.isEmpty()) {
            return;
        }
        secretsByKind.merge(kind, 1, Integer::sum);
        if ("PIN".equals(kind)) {
            pins.add(value);
            // As written inside a pkcs11: URI (pin-value=%34%38...), in either case of hex digit.
            addNeedle(percentEncoded(value, "%%%02X"), kind, id);
            addNeedle(percentEncoded(value, "%%%02x"), kind, id);
        }
        if ("PRIVATE_KEY".equals(kind)) {
            int tab = value.indexOf('\t');
            String pkcs8 = tab < 0 ? value : value.substring(0, tab);
            byte[] publicKey = tab < 0 ? new byte[0] : Base64.getDecoder().decode(value.substring(tab + 1));
            byte[] der = Base64.getDecoder().decode(pkcs8);
            privateKeys.add(der);
            // A key would show up as PEM: base64 in lines of 64 (48 bytes each). Every line is searched, so a partial
            // dump is caught; except lines holding public-key bytes (an RSA modulus, an ML-DSA public key), which
            // certificates print legitimately.
            addNeedle(pkcs8, kind, id);
            for (int i = 0; i < pkcs8.length(); i += 64) {
                String line = pkcs8.substring(i, Math.min(pkcs8.length(), i + 64));
                int from = i / 4 * 3;
                byte[] bytes = Arrays.copyOfRange(der, from, Math.min(der.length, from + 48));
                if (line.length() >= PREFIX && !sharesBytes(bytes, publicKey)) {
                    addNeedle(line, kind, id);
                }
            }
        } else {
            addNeedle(value, kind, id);
            if (value.length() > 40) {
                // A token cut short in a log line is still a leak.
                addNeedle(value.substring(0, 40), kind, id);
            }
        }
    }

    private static String percentEncoded(String value, String format) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            out.append(String.format(Locale.ROOT, format, b & 0xff));
        }
        return out.toString();
    }

    /** Whether any 8 consecutive bytes of {@code part} occur in {@code whole}. */
    static boolean sharesBytes(byte[] part, byte[] whole) {
        java.util.Set<Long> windows = new java.util.HashSet<>();
        for (int j = 0; j + 8 <= whole.length; j++) {
            windows.add(window(whole, j));
        }
        for (int i = 0; i + 8 <= part.length; i++) {
            if (windows.contains(window(part, i))) {
                return true;
            }
        }
        return false;
    }

    private static long window(byte[] b, int at) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (b[at + k] & 0xff);
        }
        return v;
    }

    private void addNeedle(String text, String kind, String id) {
        Needle needle = new Needle(text, kind, id);
        if (text.length() >= PREFIX) {
            byPrefix.computeIfAbsent(text.substring(0, PREFIX), k -> new ArrayList<>()).add(needle);
        } else if (text.matches("[A-Za-z0-9]+")) {
            shortWords.computeIfAbsent(text, k -> new ArrayList<>()).add(needle);
        } else {
            // A PIN with characters other than letters and digits is never one word: it is looked for as it is.
            shortNonWords.add(needle);
        }
    }

    void scanLogs(Path root) throws IOException {
        for (Path log : find(root, "surefire-reports", "")) {
            files++;
            scanFile(log, root.relativize(log).toString());
        }
    }

    void scanFile(Path file, String name) throws IOException {
        // Test output may hold arbitrary bytes: decode leniently rather than skip the file.
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(
                new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                lines++;
                scanLine(line, name, number);
            }
        }
    }

    void scanLine(String line, String file, int number) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i + PREFIX <= line.length(); i++) {
            List<Needle> candidates = byPrefix.get(line.substring(i, i + PREFIX));
            if (candidates != null) {
                for (Needle n : candidates) {
                    if (line.startsWith(n.text, i)) {
                        found.add(n.kind + " (recorded at " + n.id + ")");
                    }
                }
            }
        }
        if ((!shortWords.isEmpty() || !shortNonWords.isEmpty()) && line.toLowerCase(Locale.ROOT).contains("pin")) {
            // Short secrets (PINs) as whole words only, and only on lines about a PIN: six random digits occur
            // in timestamps and sizes by chance, a leaked PIN sits next to the word.
            for (String word : line.split("[^A-Za-z0-9]+")) {
                List<Needle> candidates = shortWords.get(word);
                if (candidates != null) {
                    for (Needle n : candidates) {
                        found.add(n.kind + " (recorded at " + n.id + ")");
                    }
                }
            }
            for (Needle n : shortNonWords) {
                if (line.contains(n.text)) {
                    found.add(n.kind + " (recorded at " + n.id + ")");
                }
            }
        }
        for (String what : found.stream().distinct().collect(Collectors.toList())) {
            hits.add(file + ":" + number + ": " + what);
        }
    }

    private static List<Path> find(Path root, String directoryName, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root, 5)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getParent() != null && p.getParent().getFileName().toString().equals(directoryName))
                    .filter(p -> p.getParent().getParent() != null
                            && p.getParent().getParent().getFileName().toString().equals("target"))
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .collect(Collectors.toList());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The search for keys, PINs and tokens left in temporary directories, with the secrets loaded so far. */
    LeftoverScan leftovers() {
        return leftovers;
    }

    int secretCount() {
        int n = 0;
        for (int c : secretsByKind.values()) {
            n += c;
        }
        return n;
    }

    List<String> hits() {
        return Collections.unmodifiableList(hits);
    }

    String report(Path root) {
        StringBuilder out = new StringBuilder();
        out.append("Secret scan of ").append(root).append('\n')
                .append("  files scanned: ").append(files).append(", lines scanned: ").append(lines).append('\n')
                .append("  secrets checked: ").append(secretCount()).append(' ').append(secretsByKind).append('\n')
                .append("  hits: ").append(hits.size()).append('\n');
        for (String hit : hits) {
            out.append("    ").append(hit).append('\n');
        }
        out.append("  files left in temporary directories checked: ").append(leftovers.filesChecked())
                .append(", key-like: ").append(leftovers.hits().size()).append('\n');
        for (String leftover : leftovers.hits()) {
            out.append("    ").append(leftover).append('\n');
        }
        return out.toString();
    }
}
