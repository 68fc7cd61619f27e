package dev.rolesanywhere.emulator.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

/**
 * For the build's secret scan only: when the system property {@value #PROPERTY} names a directory, every secret the
 * emulator creates (secret access keys, session tokens, generated private keys) is appended to a file there, so the
 * scan can prove none of them reached a test log. Off unless the property is set; the emulator never reads the file.
 *
 * <p>Format, one secret a line: {@code KIND<TAB>value}, the value as issued. Private keys are base64 of their
 * PKCS#8 encoding, then a tab and base64 of the public key: RSA and ML-DSA encodings carry the public half, which
 * certificates legitimately print, so the scan must not count those bytes as secret.
 */
public final class SecretsRecord {
    public static final String PROPERTY = "rolesanywhere.test.secretsDir";

    private SecretsRecord() {
    }

    public static void secretAccessKey(String value) {
        append("SECRET_ACCESS_KEY", value);
    }

    public static void sessionToken(String value) {
        append("SESSION_TOKEN", value);
    }

    public static void privateKey(byte[] pkcs8, byte[] publicKey) {
        if (pkcs8 != null && publicKey != null && System.getProperty(PROPERTY) != null) {
            append("PRIVATE_KEY", Base64.getEncoder().encodeToString(pkcs8) + '\t'
                    + Base64.getEncoder().encodeToString(publicKey));
        }
    }

    private static void append(String kind, String value) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isEmpty() || value == null) {
            return;
        }
        Path file = Paths.get(dir, "emulator-" + ProcessHandle.current().pid() + ".secrets");
        byte[] line = (kind + '\t' + value + '\n').getBytes(StandardCharsets.UTF_8);
        synchronized (SecretsRecord.class) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot record a secret for the scan in " + file, e);
            }
        }
    }
}
