package dev.rolesanywhere.core;

/**
 * The digests a signer can be asked to sign with besides CreateSession's SHA-256: the reference tool's
 * {@code sign-string --digest} choices, for checking that a key works.
 */
public enum HashAlgorithm {
    SHA256("SHA-256"),
    SHA384("SHA-384"),
    SHA512("SHA-512");

    private final String jcaName;

    HashAlgorithm(String jcaName) {
        this.jcaName = jcaName;
    }

    /** The JCA {@code MessageDigest} name: {@code SHA-384}. */
    public String jcaName() {
        return jcaName;
    }

    /** The JCA {@code Signature} name for RSA PKCS#1 v1.5 or ECDSA with this digest: {@code SHA384withECDSA}. */
    public String signatureName(SigningAlgorithm algorithm) {
        String digest = name();
        switch (algorithm) {
            case RSA_SHA256:
                return digest + "withRSA";
            case ECDSA_SHA256:
                return digest + "withECDSA";
            default:
                throw new IllegalArgumentException(algorithm + " signs without a separate digest");
        }
    }
}
