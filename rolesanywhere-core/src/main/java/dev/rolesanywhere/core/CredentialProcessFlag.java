package dev.rolesanywhere.core;

import java.util.Optional;

/**
 * The options of the reference tool's {@code aws_signing_helper credential-process}: the one table of their names,
 * whether each takes a value, the {@link SessionSpec} field it sets, and why the few this library cannot honour are
 * refused. {@link CredentialProcessLine} reads a command line with it; the command line's own parser is checked
 * against it by a test.
 */
public enum CredentialProcessFlag {
    CERTIFICATE("certificate", true, SessionField.CERTIFICATE),
    PRIVATE_KEY("private-key", true, SessionField.PRIVATE_KEY),
    INTERMEDIATES("intermediates", true, SessionField.INTERMEDIATES),
    TRUST_ANCHOR_ARN("trust-anchor-arn", true, SessionField.TRUST_ANCHOR_ARN),
    PROFILE_ARN("profile-arn", true, SessionField.PROFILE_ARN),
    ROLE_ARN("role-arn", true, SessionField.ROLE_ARN),
    SESSION_DURATION("session-duration", true, SessionField.SESSION_DURATION),
    REGION("region", true, SessionField.REGION),
    ENDPOINT("endpoint", true, SessionField.ENDPOINT),
    ROLE_SESSION_NAME("role-session-name", true, SessionField.ROLE_SESSION_NAME),
    PKCS11_LIB("pkcs11-lib", true, SessionField.PKCS11_LIBRARY),
    PKCS8_PASSWORD("pkcs8-password", true, SessionField.PKCS8_PASSWORD),
    REUSE_PIN("reuse-pin", false, SessionField.REUSE_PIN),
    DEBUG("debug", false, SessionField.DEBUG_LOGGING),
    NO_VERIFY_SSL("no-verify-ssl", false, SessionField.TRUST_ALL_CERTIFICATES),
    /** The proxy of {@code HTTPS_PROXY} and {@code NO_PROXY}: each surface decides where its environment comes from. */
    WITH_PROXY("with-proxy", false, (SessionField) null),
    CERT_SELECTOR("cert-selector", true, Unsupported.CERTIFICATE_STORE),
    SYSTEM_STORE_NAME("system-store-name", true, Unsupported.CERTIFICATE_STORE),
    USE_LATEST_EXPIRING_CERTIFICATE("use-latest-expiring-certificate", false, Unsupported.CERTIFICATE_STORE),
    TPM_KEY_PASSWORD("tpm-key-password", true, Unsupported.TPM_KEY),
    NO_TPM_KEY_PASSWORD("no-tpm-key-password", false, Unsupported.TPM_KEY);

    private final String name;
    private final boolean takesValue;
    private final SessionField field;
    private final String refusal;

    CredentialProcessFlag(String name, boolean takesValue, SessionField field) {
        this.name = name;
        this.takesValue = takesValue;
        this.field = field;
        this.refusal = null;
    }

    CredentialProcessFlag(String name, boolean takesValue, String refusal) {
        this.name = name;
        this.takesValue = takesValue;
        this.field = null;
        this.refusal = refusal;
    }

    /** The option as written, with its two dashes: {@code --certificate}. */
    public String flag() {
        return "--" + name;
    }

    /** Whether the option takes a value ({@code --certificate FILE}); the others are switches. */
    public boolean takesValue() {
        return takesValue;
    }

    /** The field the option sets; empty for {@link #WITH_PROXY} and the unsupported options. */
    public Optional<SessionField> field() {
        return Optional.ofNullable(field);
    }

    /** Whether this library can honour the option: certificate stores and TPM key files it cannot. */
    public boolean isSupported() {
        return refusal == null;
    }

    /**
     * The error for using an unsupported option, saying what to use instead.
     *
     * @param where where the option was written ({@code credential_process of profile 'dev'}), or null
     */
    public ConfigurationException unsupported(String where) {
        if (refusal == null) {
            throw new IllegalStateException(flag() + " is supported");
        }
        return new ConfigurationException("Option " + flag() + (where == null ? "" : " in the " + where) + " "
                + refusal);
    }

    /** The option named {@code name}, with or without its dashes. */
    public static Optional<CredentialProcessFlag> named(String name) {
        String bare = name.startsWith("--") ? name.substring(2) : name.startsWith("-") ? name.substring(1) : name;
        for (CredentialProcessFlag flag : values()) {
            if (flag.name.equals(bare)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }

    private static final class Unsupported {
        // The reference tool reaches these through Windows and macOS APIs, or a TPM library, that Java does not offer.
        static final String CERTIFICATE_STORE = "selects a certificate in a Windows or macOS certificate store, which "
                + "the reference tool reads on those systems only and this library cannot reach: use a pkcs11: URI, "
                + "or a PKCS#12 file, with --certificate";
        static final String TPM_KEY = "is for TPM 2.0 key files, which the reference tool reads (on Linux and "
                + "Windows) and this library does not: reach the TPM through its PKCS#11 module (tpm2-pkcs11) with a "
                + "pkcs11: URI, or use a PKCS#12 file";
    }
}
