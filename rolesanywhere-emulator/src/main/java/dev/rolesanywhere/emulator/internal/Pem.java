package dev.rolesanywhere.emulator.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM encoding and file writing for certificates and unencrypted PKCS#8 private keys. */
public final class Pem {
    private Pem() {
    }

    public static String certificates(List<X509Certificate> certificates) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot PEM-encode certificates", e);
        }
        return out.toString();
    }

    public static String privateKey(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot PEM-encode the private key", e);
        }
        return out.toString();
    }

    /** Writes text, creating parent directories; {@code secret} files are made owner-only where POSIX allows. */
    public static Path write(Path file, String text, boolean secret) {
        return writeBytes(file, text.getBytes(StandardCharsets.US_ASCII), secret);
    }

    /**
     * Writes bytes, creating parent directories. The content goes into a new file created next to {@code file} with
     * its final mode ({@code rw-------} for a {@code secret}, {@code rw-r--r--} otherwise, where POSIX allows), which
     * is then renamed over {@code file}: a key is never readable by others for a moment, and a symbolic link planted
     * at {@code file} is replaced, not followed to overwrite whatever it points at.
     */
    public static Path writeBytes(Path file, byte[] content, boolean secret) {
        Path target = file.toAbsolutePath();
        Path temporary = null;
        try {
            Path parent = target.getParent();
            Files.createDirectories(parent);
            FileAttribute<?>[] mode = target.getFileSystem().supportedFileAttributeViews().contains("posix")
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                            secret ? "rw-------" : "rw-r--r--"))}
                    : new FileAttribute<?>[0];
            temporary = Files.createTempFile(parent, "." + target.getFileName(), ".tmp", mode);
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS)) {
                out.write(content);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // The write already failed; that failure is the one to report.
                }
            }
        }
    }
}
