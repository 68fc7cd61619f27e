package dev.rolesanywhere.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate and key files replaced on disk while the signer is in use. */
class FileSignerRotationTest {

    private static final Duration INTERVAL = Duration.ofMinutes(1);

    @TempDir
    static Path keys;

    private static OpenSsl ssl;
    private static Path keyA;
    private static Path certA;
    private static Path keyB;
    private static Path certB;

    @TempDir
    Path live;

    private Path certFile;
    private Path keyFile;
    private final MutableClock clock = new MutableClock();

    @BeforeAll
    static void generatePairs() {
        ssl = new OpenSsl(keys);
        keyA = ssl.ecKey("P-256");
        certA = ssl.selfSigned(keyA, "pair-a");
        keyB = ssl.ecKey("P-256");
        certB = ssl.selfSigned(keyB, "pair-b");
    }

    @BeforeEach
    void installPairA() throws IOException {
        certFile = Files.copy(certA, live.resolve("cert.pem"));
        keyFile = Files.copy(keyA, live.resolve("key.pem"));
    }

    private FileSigner signer() {
        return FileSigner.builder().certificateFile(certFile).privateKeyFile(keyFile)
                .reloadCheckInterval(INTERVAL).clock(clock).build();
    }

    @Test
    void current_afterAtomicReplaceAndInterval_usesNewPair() throws IOException {
        try (FileSigner signer = signer()) {
            replaceAtomically(certB, certFile);
            replaceAtomically(keyB, keyFile);
            clock.advance(INTERVAL);

            Signer pair = signer.current();

            assertThat(subject(pair)).isEqualTo("CN=pair-b");
            byte[] message = "after rotation".getBytes(StandardCharsets.UTF_8);
            ssl.assertVerifies(certB, message, pair.sign(message));
        }
    }

    @Test
    void current_afterInPlaceRewriteAndInterval_usesNewPair() throws IOException {
        try (FileSigner signer = signer()) {
            rewriteInPlace(certB, certFile);
            rewriteInPlace(keyB, keyFile);
            clock.advance(INTERVAL);

            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");
            byte[] message = "rewritten".getBytes(StandardCharsets.UTF_8);
            ssl.assertVerifies(certB, message, signer.sign(message));
        }
    }

    @Test
    void current_beforeIntervalElapses_keepsPairWithoutLookingAtFiles() throws IOException {
        try (FileSigner signer = signer()) {
            replaceAtomically(certB, certFile);
            replaceAtomically(keyB, keyFile);
            clock.advance(INTERVAL.minusMillis(1));

            assertThat(subject(signer.current())).isEqualTo("CN=pair-a");

            clock.advance(Duration.ofMillis(1));
            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");
        }
    }

    @Test
    void current_whenOnlyCertificateReplacedYet_keepsPreviousPairUntilKeyFollows() throws IOException {
        try (FileSigner signer = signer()) {
            replaceAtomically(certB, certFile);
            clock.advance(INTERVAL);

            Signer halfway = signer.current();
            assertThat(subject(halfway)).isEqualTo("CN=pair-a");
            byte[] message = "halfway".getBytes(StandardCharsets.UTF_8);
            ssl.assertVerifies(certA, message, halfway.sign(message));

            replaceAtomically(keyB, keyFile);
            clock.advance(INTERVAL);
            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");
        }
    }

    @Test
    void current_whenKeyRewrittenWithSameSizeAndTimestamp_stillPicksItUp() throws IOException {
        // A coarse file-system clock can give two writes the same modification time; EC P-256 PEM keys all have the
        // same length, so only re-reading recently modified files can notice the second write.
        try (FileSigner signer = signer()) {
            rewriteInPlace(certB, certFile);
            clock.advance(INTERVAL);
            assertThat(subject(signer.current())).isEqualTo("CN=pair-a");

            FileTime before = Files.getLastModifiedTime(keyFile);
            assertThat(Files.size(keyB)).isEqualTo(Files.size(keyFile));
            rewriteInPlace(keyB, keyFile);
            Files.setLastModifiedTime(keyFile, before);
            clock.advance(INTERVAL);

            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");
        }
    }

    @Test
    void current_whenNewFileIsHalfWritten_keepsPreviousPairUntilComplete() throws IOException {
        try (FileSigner signer = signer()) {
            byte[] full = Files.readAllBytes(certB);
            Files.write(certFile, java.util.Arrays.copyOf(full, full.length / 2));
            clock.advance(INTERVAL);
            assertThat(subject(signer.current())).isEqualTo("CN=pair-a");

            Files.write(certFile, full);
            replaceAtomically(keyB, keyFile);
            clock.advance(INTERVAL);
            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");
        }
    }

    @Test
    void current_whenKeyFileIsDeletedThenRecreated_keepsPreviousPairMeanwhile() throws IOException {
        try (FileSigner signer = signer()) {
            Files.delete(keyFile);
            clock.advance(INTERVAL);
            assertThat(subject(signer.current())).isEqualTo("CN=pair-a");

            Files.copy(keyB, keyFile);
            replaceAtomically(certB, certFile);
            clock.advance(INTERVAL);
            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");
        }
    }

    @Test
    void snapshot_takenBeforeRotation_keepsSigningWithItsOwnPair() throws IOException {
        try (FileSigner signer = signer()) {
            Signer before = signer.current();
            replaceAtomically(certB, certFile);
            replaceAtomically(keyB, keyFile);
            clock.advance(INTERVAL);
            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");

            byte[] message = "old snapshot".getBytes(StandardCharsets.UTF_8);
            assertThat(subject(before)).isEqualTo("CN=pair-a");
            ssl.assertVerifies(certA, message, before.sign(message));
        }
    }

    @Test
    void current_whenReloadDisabled_neverChanges() throws IOException {
        try (FileSigner signer = FileSigner.builder().certificateFile(certFile).privateKeyFile(keyFile)
                .reloadEnabled(false).reloadCheckInterval(Duration.ZERO).clock(clock).build()) {
            replaceAtomically(certB, certFile);
            replaceAtomically(keyB, keyFile);
            clock.advance(INTERVAL);

            assertThat(subject(signer.current())).isEqualTo("CN=pair-a");
        }
    }

    @Test
    void current_afterClose_fails() {
        FileSigner signer = signer();
        signer.close();

        assertThatThrownBy(signer::current).isInstanceOf(KeySourceException.class).hasMessageContaining("closed");
    }

    @Test
    void reload_ofEncryptedKey_usesKeptPasswordAfterCallerWipedTheirs() throws IOException {
        Path encryptedB = KeyFormat.encryptPkcs8(ssl, keyB, "-v2", "aes-256-cbc");
        Files.copy(KeyFormat.encryptPkcs8(ssl, keyA, "-v2", "aes-256-cbc"), keyFile,
                StandardCopyOption.REPLACE_EXISTING);
        char[] password = KeyFormat.PASSWORD.toCharArray();
        try (FileSigner signer = FileSigner.builder().certificateFile(certFile).privateKeyFile(keyFile)
                .password(password).reloadCheckInterval(INTERVAL).clock(clock).build()) {
            java.util.Arrays.fill(password, '\0');
            replaceAtomically(certB, certFile);
            replaceAtomically(encryptedB, keyFile);
            clock.advance(INTERVAL);

            assertThat(subject(signer.current())).isEqualTo("CN=pair-b");
        }
    }

    @Test
    void current_underConcurrentRotation_alwaysReturnsMatchingPairs() throws Exception {
        Path keyC = ssl.ecKey("P-256");
        Path certC = ssl.selfSigned(keyC, "pair-c");
        Path[][] pairs = {{certA, keyA}, {certB, keyB}, {certC, keyC}};
        AtomicBoolean rotating = new AtomicBoolean(true);
        int threads = 4;
        CountDownLatch started = new CountDownLatch(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FileSigner signer = FileSigner.builder().certificateFile(certFile).privateKeyFile(keyFile)
                .reloadCheckInterval(Duration.ZERO).build()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    started.countDown();
                    int checked = 0;
                    byte[] message = "concurrent".getBytes(StandardCharsets.UTF_8);
                    while (rotating.get() || checked < 10) {
                        Signer pair = signer.current();
                        Signature verifier = Signature.getInstance("SHA256withECDSA");
                        verifier.initVerify(pair.certificate().getPublicKey());
                        verifier.update(message);
                        if (!verifier.verify(pair.sign(message))) {
                            throw new AssertionError("Mismatched pair for " + subject(pair));
                        }
                        checked++;
                    }
                    return checked;
                }));
            }
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            for (int round = 0; round < 30; round++) {
                Path[] next = pairs[round % pairs.length];
                // Certificate first, key second, without atomicity: readers see every intermediate state.
                rewriteInPlace(next[0], certFile);
                rewriteInPlace(next[1], keyFile);
            }
            rotating.set(false);
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(10);
            }
            // The last round wrote pair index 29 % 3 == 2, pair C; a final check must settle on it.
            assertThat(subject(signer.current())).isEqualTo("CN=pair-c");
        } finally {
            pool.shutdownNow();
        }
    }

    private static String subject(Signer signer) {
        return signer.certificate().getSubjectX500Principal().getName();
    }

    private void replaceAtomically(Path source, Path target) throws IOException {
        Path temp = Files.copy(source, target.resolveSibling(target.getFileName() + ".tmp"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void rewriteInPlace(Path source, Path target) throws IOException {
        Files.write(target, Files.readAllBytes(source));
    }
}
