package dev.rolesanywhere.core.keys.internal;

import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, once per path for the life of the JVM, when a file holding a private key can be read by its group or by
 * other users, as OpenSSH does for identity files. Only a warning: containers often mount secrets 0644 and the
 * operator may have reasons.
 */
public final class KeyFilePermissions {

    private static final Logger LOG = LoggerFactory.getLogger(KeyFilePermissions.class);
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private KeyFilePermissions() {
    }

    /**
     * Logs the warning if the file is group- or world-readable and this path was not reported before.
     *
     * @return whether a warning was logged by this call
     */
    public static boolean warnIfExposed(Path keyFile) {
        Path path = keyFile.toAbsolutePath().normalize();
        if (!isExposed(path) || !WARNED.add(path)) {
            return false;
        }
        LOG.warn("The private key file {} can be read by other users (group or others have read permission): "
                + "restrict it with 'chmod 600 {}'", redact(path), redact(path));
        return true;
    }

    /** Whether group or others may read the file; {@code false} where POSIX permissions do not exist (Windows). */
    static boolean isExposed(Path path) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.contains(PosixFilePermission.GROUP_READ)
                    || permissions.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }
}
