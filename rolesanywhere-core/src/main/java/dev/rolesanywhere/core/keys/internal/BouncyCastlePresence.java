package dev.rolesanywhere.core.keys.internal;

/**
 * Whether Bouncy Castle (bcprov and bcpkix) is on the class path. FIPS builds replace it with bc-fips, which cannot
 * share a class path with bcprov; without it the key sources fall back to what the JDK reads alone, and say which
 * formats need it. Classes that link against Bouncy Castle are touched only when this is true.
 */
public final class BouncyCastlePresence {
    /** What to add, named in messages. */
    public static final String ARTIFACTS = "org.bouncycastle:bcprov-jdk18on and bcpkix-jdk18on";

    private static final boolean AVAILABLE = present("org.bouncycastle.jce.provider.BouncyCastleProvider")
            && present("org.bouncycastle.openssl.PEMParser");

    private BouncyCastlePresence() {
    }

    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, BouncyCastlePresence.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
