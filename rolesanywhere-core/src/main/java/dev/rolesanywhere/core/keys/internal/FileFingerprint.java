package dev.rolesanywhere.core.keys.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Size, modification time and file key (inode on POSIX) of a set of files: a change in any of them means a file was
 * rewritten, replaced by a rename, or swapped behind a symbolic link (as Kubernetes does for mounted secrets).
 * Taking one costs a {@code stat} per file, never a read.
 */
public final class FileFingerprint {

    private static final long RACY_WINDOW_MILLIS = 2000;

    private final List<Object> parts;
    private final long newestModificationMillis;

    private FileFingerprint(List<Object> parts, long newestModificationMillis) {
        this.parts = parts;
        this.newestModificationMillis = newestModificationMillis;
    }

    /** The current fingerprint; a missing or unreadable file counts as its own state, so its return is a change. */
    public static FileFingerprint of(List<Path> files) {
        List<Object> parts = new ArrayList<>(files.size() * 3);
        long newest = Long.MIN_VALUE;
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                parts.add(attributes.size());
                parts.add(attributes.lastModifiedTime());
                parts.add(attributes.fileKey());
                newest = Math.max(newest, attributes.lastModifiedTime().toMillis());
            } catch (IOException e) {
                parts.add("absent");
                parts.add(null);
                parts.add(null);
            }
        }
        return new FileFingerprint(Collections.unmodifiableList(parts), newest);
    }

    /**
     * Whether a file may have changed again without changing this fingerprint: file systems stamp modification times
     * from a coarse clock (a few milliseconds on Linux, up to two seconds on FAT), so a rewrite of the same size in
     * the same tick as the last read looks identical. Like Git's "racily clean" index entries, such a fingerprint must
     * be confirmed by reading the files again.
     *
     * @param readStartMillis wall-clock time at which the files were last read
     */
    public boolean isRacy(long readStartMillis) {
        return newestModificationMillis >= readStartMillis - RACY_WINDOW_MILLIS;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileFingerprint && parts.equals(((FileFingerprint) o).parts);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(parts);
    }

    @Override
    public String toString() {
        return "FileFingerprint" + parts;
    }
}
