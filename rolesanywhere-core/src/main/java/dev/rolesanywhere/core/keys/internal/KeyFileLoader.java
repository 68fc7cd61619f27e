package dev.rolesanywhere.core.keys.internal;

import static dev.rolesanywhere.core.internal.PinRedaction.causeQuoting;
import static dev.rolesanywhere.core.internal.PinRedaction.redact;

import dev.rolesanywhere.core.KeySourceException;
import dev.rolesanywhere.core.keys.PrivateKeySigner;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a certificate file, an optional separate key file and an optional intermediates bundle, and turns them into
 * one validated {@link PrivateKeySigner}. Every failure is a {@link KeySourceException} naming the file.
 */
public final class KeyFileLoader {

    // Far above any real certificate bundle; stops an accidental /dev/zero or log file from filling the heap.
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    private KeyFileLoader() {
    }

    /**
     * @param certificateFile PEM (certificates, possibly with the key), DER certificate or PKCS#12
     * @param privateKeyFile the key file, or {@code null} when the certificate file holds the key
     * @param intermediatesFile a PEM bundle of intermediate CA certificates, or {@code null}
     * @param password for an encrypted key or PKCS#12 file, or {@code null}; read, not kept, not wiped
     */
    public static PrivateKeySigner load(Path certificateFile, Path privateKeyFile, Path intermediatesFile,
                                        char[] password) {
        // Absolute paths in every message: a relative one says nothing about the working directory it was resolved in.
        return loadAbsolute(certificateFile.toAbsolutePath(),
                privateKeyFile == null ? null : privateKeyFile.toAbsolutePath(),
                intermediatesFile == null ? null : intermediatesFile.toAbsolutePath(), password);
    }

    private static PrivateKeySigner loadAbsolute(Path certificateFile, Path privateKeyFile, Path intermediatesFile,
                                                 char[] password) {
        ParsedKeyFile certificates = KeyFiles.parse(read(certificateFile, "certificate"), certificateFile,
                password);
        if (certificates.certificates().isEmpty()) {
            throw new KeySourceException("The certificate file " + redact(certificateFile) + " holds no certificate: "
                    + "point the certificate file at the PEM, DER or PKCS#12 file that holds the leaf certificate");
        }
        Path keyFile;
        PrivateKey key;
        if (privateKeyFile != null && !sameFile(privateKeyFile, certificateFile)) {
            keyFile = privateKeyFile;
            key = KeyFiles.parse(read(privateKeyFile, "private key"), privateKeyFile, password).privateKey();
            if (key == null) {
                throw new KeySourceException("The private key file " + redact(privateKeyFile) + " holds no private key "
                        + "(only certificates): point the private key file at the key of the certificate");
            }
        } else {
            keyFile = certificateFile;
            key = certificates.privateKey();
            if (key == null && privateKeyFile != null) {
                throw new KeySourceException("The file " + redact(certificateFile) + ", given as both certificate and "
                        + "private key file, holds no private key: set the private key file to the file holding the "
                        + "key");
            }
            if (key == null) {
                throw new KeySourceException("The certificate file " + redact(certificateFile) + " holds no private "
                        + "key and no private key file was given: set the private key file, or use a PEM file holding "
                        + "both or a PKCS#12 file");
            }
        }
        KeyFilePermissions.warnIfExposed(keyFile);

        List<X509Certificate> all = certificates.certificates();
        List<X509Certificate> chain = new ArrayList<>(all.subList(1, all.size()));
        if (intermediatesFile != null) {
            ParsedKeyFile bundle = KeyFiles.parse(read(intermediatesFile, "intermediates"), intermediatesFile,
                    null);
            if (bundle.privateKey() != null) {
                throw new KeySourceException("The intermediates file " + redact(intermediatesFile) + " holds a private "
                        + "key: it should hold only CA certificates; remove the key from it");
            }
            for (X509Certificate c : bundle.certificates()) {
                if (!chain.contains(c)) {
                    chain.add(c);
                }
            }
        }
        String source = keyFile.equals(certificateFile)
                ? "file " + redact(certificateFile)
                : "certificate file " + redact(certificateFile) + " with key file " + redact(keyFile);
        return PrivateKeySigner.builder()
                .privateKey(key)
                .certificate(all.get(0))
                .certificateChain(chain)
                .source(source)
                .build();
    }

    public static byte[] read(Path file, String role) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new KeySourceException("The " + role + " file " + redact(file) + " is a directory: point it at "
                        + "the file");
            }
            if (attributes.size() > MAX_FILE_BYTES) {
                throw new KeySourceException("The " + role + " file " + redact(file) + " is " + attributes.size()
                        + " bytes, too large for a certificate or key file: check the path");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeySourceException("The " + role + " file " + redact(file) + " does not exist: check the "
                    + "path", causeQuoting(file, e));
        } catch (AccessDeniedException e) {
            throw new KeySourceException("The " + role + " file " + redact(file) + " cannot be read: permission "
                    + "denied. Let the user running this application read it", causeQuoting(file, e));
        } catch (IOException e) {
            throw new KeySourceException("The " + role + " file " + redact(file) + " cannot be read: "
                    + redact(e.toString()), causeQuoting(file, e));
        }
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
