package dev.rolesanywhere.pkcs11.internal.token;

/**
 * Whether Bouncy Castle's PKIX classes (bcpkix over bcprov, or bcpkix-fips over bc-fips) are on the class path. Only
 * certificate requests need them; signing with a token key does not. FIPS class paths carry bc-fips, which cannot
 * share one with bcprov, so users may exclude bcprov. Deliberately free of Bouncy Castle types itself: it is asked
 * before any class that links them is touched.
 */
public final class PkixPresence {
    /** What to add, named in messages (the same artifacts core names for key formats that need them). */
    public static final String ARTIFACTS = "org.bouncycastle:bcprov-jdk18on and bcpkix-jdk18on";

    private static final boolean AVAILABLE = present("org.bouncycastle.asn1.x500.X500Name")
            && present("org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder")
            && present("org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder");

    private PkixPresence() {
    }

    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, PkixPresence.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
