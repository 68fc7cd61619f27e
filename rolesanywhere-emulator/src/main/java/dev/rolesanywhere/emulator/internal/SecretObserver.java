package dev.rolesanywhere.emulator.internal;

import java.util.Base64;
import java.util.function.BiConsumer;

/**
 * Tells an observer about every secret the emulator creates (secret access keys, session tokens, generated key
 * pairs), so that a test suite can search its own logs for them. The observer is the class named by the system
 * property {@value #PROPERTY}: a {@code BiConsumer<String, String>} with a public no-argument constructor, called with
 * a kind ({@code SECRET_ACCESS_KEY}, {@code SESSION_TOKEN}, {@code PRIVATE_KEY}) and the value. A private key's value
 * is base64 of its PKCS#8 encoding, a tab, and base64 of its public key. Without the property nothing is reported.
 *
 * <p>A class name rather than an interface of this module, so that an observer needs nothing from the emulator: this
 * project's own test fixtures, which the emulator's tests use too, provide one.
 */
public final class SecretObserver {
    public static final String PROPERTY = "rolesanywhere.emulator.secretObserver";

    private static final BiConsumer<String, String> OBSERVER = load(System.getProperty(PROPERTY));

    private SecretObserver() {
    }

    public static void secretAccessKey(String value) {
        report("SECRET_ACCESS_KEY", value);
    }

    public static void sessionToken(String value) {
        report("SESSION_TOKEN", value);
    }

    public static void privateKey(byte[] pkcs8, byte[] publicKey) {
        if (OBSERVER != null && pkcs8 != null && publicKey != null) {
            report("PRIVATE_KEY", Base64.getEncoder().encodeToString(pkcs8) + '\t'
                    + Base64.getEncoder().encodeToString(publicKey));
        }
    }

    private static void report(String kind, String value) {
        if (OBSERVER != null && value != null) {
            OBSERVER.accept(kind, value);
        }
    }

    @SuppressWarnings("unchecked") // the documented contract; a class of another shape fails on the cast below
    private static BiConsumer<String, String> load(String className) {
        if (className == null || className.isEmpty()) {
            return null;
        }
        try {
            Object observer = Class.forName(className).getConstructor().newInstance();
            if (!(observer instanceof BiConsumer)) {
                throw new IllegalStateException(PROPERTY + " names " + className + ", which is not a "
                        + "java.util.function.BiConsumer<String, String>: give such a class, or unset the property");
            }
            return (BiConsumer<String, String>) observer;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(PROPERTY + " names " + className + ", which cannot be instantiated ("
                    + e + "): put it on the class path with a public no-argument constructor, or unset the property",
                    e);
        }
    }
}
