package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes a profile into a shared credentials file so that a reader, or a crash at any instant, sees either the old file
 * or the new one, never a mix: the new content goes to a temporary file in the same directory, is flushed to disk,
 * renamed over the old one, and the directory entry is flushed too.
 *
 * <p>Writers coordinate through an advisory lock on a sibling {@code <name>.lock} file, held across read, edit and
 * rename, so two updaters (or two profiles updated at once) never lose each other's change. A new file is created with
 * mode 0600 and a new directory with 0700; an existing file keeps its mode. A symbolic link is followed and its target
 * replaced, so the link survives.
 */
public final class CredentialsFileWriter {

    private static final String TEMP_PREFIX = ".rolesanywhere-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;

    public CredentialsFileWriter(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    /** Sets {@code properties} in {@code profile}, keeping everything else in the file. */
    public void update(String profile, Map<String, String> properties) {
        Path target = resolveTarget();
        Path dir = target.getParent();
        createDirectory(dir);
        Path lockFile = dir.resolve(target.getFileName() + ".lock");
        // File locks exclude other processes only; threads of this JVM queue on an in-process lock first.
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lockFile, p -> new ReentrantLock());
        local.lock();
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // Blocks until every other writer has renamed its file into place.
            lockChannel.lock();
            removeAbandonedTempFiles(dir, target);
            byte[] current = readIfExists(target);
            String edited = CredentialsFileEditor.update(
                    current == null ? "" : new String(current, StandardCharsets.ISO_8859_1), profile, properties);
            replace(target, dir, edited.getBytes(StandardCharsets.ISO_8859_1), current != null);
        } catch (AccessDeniedException e) {
            throw new ConfigurationException("Permission denied writing " + e.getFile()
                    + "; make the credentials file and its directory writable, or set AWS_SHARED_CREDENTIALS_FILE", e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot update " + target + ": " + e + "; check the disk and the permissions of "
                    + dir, e);
        } finally {
            local.unlock();
        }
    }

    private Path resolveTarget() {
        try {
            return Files.isSymbolicLink(file) ? file.toRealPath() : file;
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("The credentials file " + file + " is a symbolic link to a missing file "
                    + e.getFile() + "; create the target or remove the link", e);
        } catch (IOException e) {
            throw new ConfigurationException("Cannot resolve the credentials file " + file + ": " + e, e);
        }
    }

    private static void createDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            if (supportsPosix(dir)) {
                createDirectories(dir);
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new ConfigurationException("Cannot create the directory " + dir + " for the credentials file: " + e
                    + "; create it yourself or set AWS_SHARED_CREDENTIALS_FILE to a writable location", e);
        }
    }

    /** Like {@link Files#createDirectories} but every directory it creates gets mode 0700 regardless of the umask. */
    private static void createDirectories(Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            Files.setPosixFilePermissions(dir, DIR_MODE);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    private static byte[] readIfExists(Path target) throws IOException {
        try {
            return Files.readAllBytes(target);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static void replace(Path target, Path dir, byte[] content, boolean existed) throws IOException {
        boolean posix = supportsPosix(dir);
        Set<PosixFilePermission> mode = existed && posix ? Files.getPosixFilePermissions(target) : FILE_MODE;
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", TEMP_SUFFIX, attrs);
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (posix && !mode.equals(FILE_MODE)) {
                Files.setPosixFilePermissions(temp, mode);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
            syncDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Makes the rename itself durable; without it a power cut can bring back the old directory entry. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; the rename is still atomic there, only less durable.
        }
    }

    /** Temporary files are only created under the lock, so any found while holding it were left by a killed writer. */
    private static void removeAbandonedTempFiles(Path dir, Path target) throws IOException {
        String prefix = TEMP_PREFIX + target.getFileName() + "-";
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(TEMP_SUFFIX);
        })) {
            for (Path p : stream) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
