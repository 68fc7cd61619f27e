package dev.rolesanywhere.pkcs11.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

/**
 * For the build's secret scan: when the system property {@value #PROPERTY} names a directory, the PINs and private
 * keys these fixtures create are appended to a file there ({@code KIND<TAB>value} a line, keys as base64 PKCS#8), so
 * the scan can prove none reached a test log. A key's line ends with a tab and base64 of its public key, whose bytes
 * (inside RSA encodings) are no secret. Does nothing without the property.
 */
public final class SecretsRecord {
    public static final String PROPERTY = "rolesanywhere.test.secretsDir";

    private SecretsRecord() {
    }

    public static void pin(char[] pin) {
        if (pin != null && System.getProperty(PROPERTY) != null) {
            append("PIN", new String(pin));
        }
    }

    public static void privateKey(byte[] pkcs8, byte[] publicKey) {
        if (pkcs8 != null && publicKey != null && System.getProperty(PROPERTY) != null) {
            append("PRIVATE_KEY", Base64.getEncoder().encodeToString(pkcs8) + '\t'
                    + Base64.getEncoder().encodeToString(publicKey));
        }
    }

    private static void append(String kind, String value) {
        String dir = System.getProperty(PROPERTY);
        if (dir == null || dir.isEmpty()) {
            return;
        }
        Path file = Paths.get(dir, "pkcs11-fixtures-" + ProcessHandle.current().pid() + ".secrets");
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
