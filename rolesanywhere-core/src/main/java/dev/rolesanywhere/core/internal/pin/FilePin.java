package dev.rolesanywhere.core.internal.pin;

import static dev.rolesanywhere.core.internal.PinRedaction.causeQuoting;
import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.PinCallback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first line of a file, re-read on every call so a rotated PIN is picked up without a restart. The raw bytes and
 * decoding buffers are wiped before returning.
 */
final class FilePin implements PinCallback {
    private static final Logger LOG = LoggerFactory.getLogger(FilePin.class);
    // a PIN file this large is a misconfiguration (a key or a log file), not a PIN
    private static final long MAX_SIZE = 64 * 1024;
    private static final Set<PosixFilePermission> GROUP_OR_OTHER_READ =
            EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    private final Path file;
    private final Consumer<String> warning;
    private final AtomicBoolean permissionWarned = new AtomicBoolean();

    FilePin(Path file) {
        this(file, LOG::warn);
    }

    /** {@code warning} receives the permission warning; a seam so tests can see it without scraping logs. */
    FilePin(Path file, Consumer<String> warning) {
        this.file = file;
        this.warning = warning;
    }

    @Override
    public char[] pin() {
        byte[] bytes = read();
        try {
            int start = startsWithBom(bytes) ? 3 : 0;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n' && bytes[end] != '\r') {
                end++;
            }
            if (end == start) {
                throw new ConfigurationException("PIN file " + redact(file) + " has an empty first line: put the "
                        + "token's user PIN on the first line");
            }
            return decode(bytes, start, end);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private byte[] read() {
        try {
            warnIfReadableByOthers();
            if (Files.size(file) > MAX_SIZE) {
                throw new ConfigurationException("PIN file " + redact(file) + " is larger than " + MAX_SIZE
                        + " bytes, so it is not a PIN file: point pin-source at a file holding only the PIN");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigurationException("PIN file " + redact(file) + " does not exist: create it with the token's "
                    + "user PIN on its first line (mode 0600), or correct pin-source", causeQuoting(file, e));
        } catch (AccessDeniedException e) {
            throw new ConfigurationException("PIN file " + redact(file) + " cannot be read by user "
                    + System.getProperty("user.name") + ": give this user read access (and only this user)",
                    causeQuoting(file, e));
        } catch (IOException e) {
            throw new ConfigurationException("PIN file " + redact(file) + " cannot be read ("
                    + e.getClass().getSimpleName()
                    + "): check that it is a regular, readable file", causeQuoting(file, e));
        }
    }

    private void warnIfReadableByOthers() throws IOException {
        if (permissionWarned.get()) {
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system (Windows): ACLs are the administrator's business
        }
        if (!java.util.Collections.disjoint(permissions, GROUP_OR_OTHER_READ)
                && permissionWarned.compareAndSet(false, true)) {
            warning.accept("PIN file " + redact(file) + " is readable by group or others; restrict it with: "
                    + "chmod 600 " + redact(file));
        }
    }

    private char[] decode(byte[] bytes, int start, int end) {
        CharBuffer chars = null;
        try {
            chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start));
            char[] pin = new char[chars.remaining()];
            chars.get(pin);
            return pin;
        } catch (CharacterCodingException e) {
            throw new ConfigurationException("PIN file " + redact(file) + " is not UTF-8 text: save the PIN as "
                    + "UTF-8", e);
        } finally {
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF;
    }

    @Override
    public String toString() {
        return "PinCallback[file " + redact(file) + "]";
    }
}
