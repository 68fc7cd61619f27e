package dev.rolesanywhere.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.function.BiConsumer;

/**
 * For the build's secret scan: when the system property {@value #DIRECTORY_PROPERTY} names a directory (the parent
 * POM sets it to {@code target/test-secrets} for every module's tests), every secret the tests create is appended to
 * a file there, so the scan can prove none of them reached a test log. Does nothing without the property.
 *
 * <p>The fixtures record their PINs and the private keys they generate. The emulator reports what it creates (secret
 * access keys, session tokens, key pairs) to the class named by its {@code rolesanywhere.emulator.secretObserver}
 * property, which the parent POM sets to this one: hence the public constructor and {@link #accept}.
 *
 * <p>Format, one secret a line: {@code KIND<TAB>value}. A private key is base64 of its PKCS#8 encoding, then a tab
 * and base64 of its public key: RSA and ML-DSA encodings carry the public half, which certificates print
 * legitimately, so the scan must not count those bytes as secret.
 */
public final class SecretRecorder implements BiConsumer<String, String> {
    public static final String DIRECTORY_PROPERTY = "rolesanywhere.test.secretsDir";

    /** Instantiated by the emulator, through its secret-observer property. */
    public SecretRecorder() {
    }

    /** Records a secret the emulator created, as {@code kind} (its own naming, kept as is). */
    @Override
    public void accept(String kind, String value) {
        append(kind, value);
    }

    public static void pin(char[] pin) {
        if (pin != null) {
            append("PIN", new String(pin));
        }
    }

    public static void privateKey(byte[] pkcs8, byte[] publicKey) {
        if (pkcs8 != null && publicKey != null) {
            append("PRIVATE_KEY", Base64.getEncoder().encodeToString(pkcs8) + '\t'
                    + Base64.getEncoder().encodeToString(publicKey));
        }
    }

    private static void append(String kind, String value) {
        String dir = System.getProperty(DIRECTORY_PROPERTY);
        if (dir == null || dir.isEmpty() || value == null || value.isEmpty()) {
            return;
        }
        Path file = Paths.get(dir, "tests-" + ProcessHandle.current().pid() + ".secrets");
        byte[] line = (kind + '\t' + value + '\n').getBytes(StandardCharsets.UTF_8);
        synchronized (SecretRecorder.class) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot record a secret for the scan in " + file, e);
            }
        }
    }
}
