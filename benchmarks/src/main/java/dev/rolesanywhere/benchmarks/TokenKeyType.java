package dev.rolesanywhere.benchmarks;

/** The two key types the signing benchmarks compare, with each tool's name for them. */
public enum TokenKeyType {
    RSA_2048("rsa:2048", "SHA256withRSA", "rsa-sha256", false),
    EC_P256("EC:prime256v1", "SHA256withECDSA", "ecdsa", true);

    private final String pkcs11ToolKeyType;
    private final String jcaSignature;
    private final String cMechanism;
    private final boolean tokenSignsDigest;

    TokenKeyType(String pkcs11ToolKeyType, String jcaSignature, String cMechanism, boolean tokenSignsDigest) {
        this.pkcs11ToolKeyType = pkcs11ToolKeyType;
        this.jcaSignature = jcaSignature;
        this.cMechanism = cMechanism;
        this.tokenSignsDigest = tokenSignsDigest;
    }

    /** The {@code --key-type} of {@code pkcs11-tool --keypairgen}. */
    public String pkcs11ToolKeyType() {
        return pkcs11ToolKeyType;
    }

    /** The JCA signature algorithm the SunPKCS11 benchmark asks for. */
    public String jcaSignature() {
        return jcaSignature;
    }

    /** The {@code --mechanism} of the C baseline. */
    public String cMechanism() {
        return cMechanism;
    }

    /**
     * True when the token is given a SHA-256 digest (CKM_ECDSA) rather than the message (CKM_SHA256_RSA_PKCS):
     * what Pkcs11Signer does, so the C baseline does the same.
     */
    public boolean tokenSignsDigest() {
        return tokenSignsDigest;
    }

    /** Label and file-name friendly form, e.g. {@code ec-p256}. */
    public String slug() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
