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

    private final List<Object> parts;

    private FileFingerprint(List<Object> parts) {
        this.parts = parts;
    }

    /** The current fingerprint; a missing or unreadable file counts as its own state, so its return is a change. */
    public static FileFingerprint of(List<Path> files) {
        List<Object> parts = new ArrayList<>(files.size() * 3);
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                parts.add(attributes.size());
                parts.add(attributes.lastModifiedTime());
                parts.add(attributes.fileKey());
            } catch (IOException e) {
                parts.add("absent");
                parts.add(null);
                parts.add(null);
            }
        }
        return new FileFingerprint(Collections.unmodifiableList(parts));
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
