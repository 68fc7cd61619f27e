package dev.rolesanywhere.cli.internal;

import dev.rolesanywhere.core.ConfigurationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes a profile into a shared credentials file so that a reader, or a crash at any instant, sees either the old file
 * or the new one, never a mix: the new content goes to a temporary file in the same directory, is flushed to disk,
 * renamed over the old one, and the directory entry is flushed too.
 *
 * <p>Writers coordinate through an advisory lock on a sibling {@code <name>.lock} file (created 0600, never through a
 * symbolic link), held across read, edit and rename, so two updaters (or two profiles updated at once) never lose
 * each other's change. The lock file stays: removing it while another writer waits on it would let a third writer
 * lock a new file and run alongside. A new file is created with mode 0600 and a new directory with 0700; an existing
 * file readable or writable by others is tightened to 0600, once said. A symbolic link is followed and its target
 * replaced, so the link survives.
 *
 * <p>A file that cannot be replaced by rename because it is a mount point (a file bind-mounted into a container, a
 * Kubernetes subPath: rename fails with EBUSY) is rewritten in place instead, still under the lock, and flushed; this
 * is said once. A reader can then see a partly written file for a moment, which the rename avoids elsewhere.
 */
public final class CredentialsFileWriter {

    private static final String TEMP_PREFIX = ".rolesanywhere-";
    private static final String TEMP_SUFFIX = ".tmp";
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS_AND_GROUP = PosixFilePermissions.fromString("---rwxrwx");

    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path file;
    private final Consumer<String> notices;
    private final AtomicBoolean saidInPlace = new AtomicBoolean();
    private final AtomicBoolean saidTightened = new AtomicBoolean();

    public CredentialsFileWriter(Path file) {
        this(file, notice -> { });
    }

    /** @param notices told, once each, when the file is rewritten in place or its mode is tightened */
    public CredentialsFileWriter(Path file, Consumer<String> notices) {
        this.file = file.toAbsolutePath();
        this.notices = notices;
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
        try (FileChannel lockChannel = openLock(lockFile)) {
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

    private static FileChannel openLock(Path lockFile) throws IOException {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        if (supportsPosix(lockFile.getParent())) {
            return FileChannel.open(lockFile, options, PosixFilePermissions.asFileAttribute(FILE_MODE));
        }
        return FileChannel.open(lockFile, options);
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

    private void replace(Path target, Path dir, byte[] content, boolean existed) throws IOException {
        boolean posix = supportsPosix(dir);
        Set<PosixFilePermission> mode = existed && posix ? Files.getPosixFilePermissions(target) : FILE_MODE;
        if (!Collections.disjoint(mode, OTHERS_AND_GROUP)) {
            Set<PosixFilePermission> tightened = EnumSet.noneOf(PosixFilePermission.class);
            tightened.addAll(mode);
            tightened.removeAll(OTHERS_AND_GROUP);
            if (saidTightened.compareAndSet(false, true)) {
                notices.accept("The credentials file " + target + " was readable or writable by others ("
                        + PosixFilePermissions.toString(mode) + "): its mode is now " + PosixFilePermissions.toString(
                        tightened) + ", as it holds secret keys");
            }
            mode = tightened;
        }
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
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                moved = true;
                syncDirectory(dir);
            } catch (FileSystemException e) {
                // EBUSY (a mount point) arrives as the generic type; its subclasses are other failures.
                if (e.getClass() != FileSystemException.class || !existed) {
                    throw e;
                }
                writeInPlace(target, content, posix ? mode : null, e);
            }
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private void writeInPlace(Path target, byte[] content, Set<PosixFilePermission> mode, FileSystemException why)
            throws IOException {
        if (saidInPlace.compareAndSet(false, true)) {
            notices.accept("The credentials file " + target + " cannot be replaced by rename (" + why.getReason()
                    + ": it is a mount point, such as a file mounted into a container), so it is rewritten in place, "
                    + "under the lock");
        }
        if (mode != null) {
            Files.setPosixFilePermissions(target, mode);
        }
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
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
