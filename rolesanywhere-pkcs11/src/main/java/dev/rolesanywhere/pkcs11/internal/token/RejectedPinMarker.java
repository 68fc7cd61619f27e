package dev.rolesanywhere.pkcs11.internal.token;

import dev.rolesanywhere.pkcs11.internal.ffi.TokenInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The opt-in memory, across processes, of a PIN one token rejected: an owner-only file per token (named after its
 * manufacturer, model and serial) holding the rejected PIN's {@link PinFingerprint}.
 *
 * <p>A process that runs once per credential refresh ({@code credential_process}) cannot remember a rejection in
 * memory, and a token that reports neither {@code CKF_USER_PIN_COUNT_LOW} nor {@code CKF_USER_PIN_FINAL_TRY} gives no
 * warning either, so a stale PIN file would cost one try per run until the token locks. With a marker, later runs
 * refuse before {@code C_Login} until the PIN source returns a different PIN; a successful login removes the marker.
 */
final class RejectedPinMarker {
    private static final Logger LOG = LoggerFactory.getLogger(RejectedPinMarker.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;
    private final String tokenName;

    private RejectedPinMarker(Path file, String tokenName) {
        this.file = file;
        this.tokenName = tokenName;
    }

    /** The marker of the token {@code info} describes, in {@code directory}. */
    static RejectedPinMarker of(Path directory, TokenInfo info, String tokenName) {
        return new RejectedPinMarker(directory.resolve("token-" + identity(info) + ".rejected-pin"), tokenName);
    }

    /**
     * The default directory: {@code $XDG_STATE_HOME/rolesanywhere/rejected-pins}, else
     * {@code ~/.local/state/rolesanywhere/rejected-pins}.
     */
    static Path defaultDirectory() {
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isEmpty() && Paths.get(state).isAbsolute() ? Paths.get(state)
                : Paths.get(System.getProperty("user.home"), ".local", "state");
        return base.resolve("rolesanywhere").resolve("rejected-pins");
    }

    Path file() {
        return file;
    }

    /** The return value the token rejected {@code pin} with, when the marker records this very PIN. */
    OptionalLong rejectionOf(char[] pin) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            LOG.warn("Cannot read the rejected-PIN marker {} ({}); the PIN is presented to {}", file, e.toString(),
                    tokenName);
            return OptionalLong.empty();
        }
        try {
            PinFingerprint rejected = PinFingerprint.restore(Base64.getDecoder().decode(p.getProperty("salt")),
                    Base64.getDecoder().decode(p.getProperty("fingerprint")));
            long rv = Long.parseLong(p.getProperty("returnValue"));
            return rejected.matches(pin) ? OptionalLong.of(rv) : OptionalLong.empty();
        } catch (RuntimeException e) {
            LOG.warn("The rejected-PIN marker {} is damaged ({}); the PIN is presented to {}. Delete the file", file,
                    e.toString(), tokenName);
            return OptionalLong.empty();
        }
    }

    /** Records that the token rejected {@code pin} with {@code rv}; a failure to write is logged, not thrown. */
    void record(char[] pin, long rv) {
        PinFingerprint fingerprint = PinFingerprint.of(pin);
        Properties p = new Properties();
        p.setProperty("token", tokenName);
        p.setProperty("returnValue", Long.toString(rv));
        p.setProperty("salt", Base64.getEncoder().encodeToString(fingerprint.salt()));
        p.setProperty("fingerprint", Base64.getEncoder().encodeToString(fingerprint.digest()));
        try {
            Path directory = file.getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, ownerOnly("rwx------"));
            }
            Path temp = Files.createTempFile(directory, ".marker-", ".tmp", ownerOnly("rw-------"));
            try {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    p.store(out, "A PIN " + tokenName + " rejected, as a salted fingerprint. Until the configured "
                            + "PIN changes it is not presented again; delete this file to allow it");
                }
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("Cannot write the rejected-PIN marker {} ({}): another process may present the same PIN to {} "
                    + "again. Check the directory's permissions", file, e.toString(), tokenName);
        }
    }

    /** Removes the marker after a successful login. */
    void clear() {
        try {
            if (Files.deleteIfExists(file)) {
                LOG.debug("Removed the rejected-PIN marker {} after a successful login", file);
            }
        } catch (IOException e) {
            // Harmless: the marker refuses only the rejected PIN, and the PIN just accepted is another one.
            LOG.warn("Cannot remove the rejected-PIN marker {} ({}); delete it by hand", file, e.toString());
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }

    private static String identity(TokenInfo info) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] id = sha256.digest((info.manufacturerId() + '\0' + info.model() + '\0' + info.serialNumber())
                    .getBytes(StandardCharsets.UTF_8));
            return Hex.of(id, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "RejectedPinMarker[" + file + "]";
    }
}
