package dev.rolesanywhere.core;

import dev.rolesanywhere.core.internal.PinRedaction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.utils.ToString;
import software.amazon.awssdk.utils.builder.CopyableBuilder;
import software.amazon.awssdk.utils.builder.ToCopyableBuilder;

/**
 * Where a signer's certificate and private key live, as text a person writes in a configuration file or on a command
 * line: file paths or {@code pkcs11:} URIs (RFC 7512). {@link Signers#fromSpec(SignerSpec)} turns it into a
 * {@link Signer}.
 *
 * <p>Immutable. The PKCS#8 password is copied in and copied out; {@link #toString()} never shows it, nor the
 * {@code pin-value} of a URI.
 */
public final class SignerSpec implements ToCopyableBuilder<SignerSpec.Builder, SignerSpec> {

    private static final String PKCS11_SCHEME = "pkcs11:";

    private final String certificate;
    private final String privateKey;
    private final Path intermediates;
    private final char[] pkcs8Password;
    private final String pkcs11Library;
    private final Boolean reusePin;
    private final PinCallback pinCallback;
    private final PinCallback contextPinCallback;

    private SignerSpec(BuilderImpl builder) {
        this(builder, builder.pkcs8Password == null ? null : builder.pkcs8Password.clone());
    }

    private SignerSpec(BuilderImpl builder, char[] pkcs8Password) {
        this.certificate = builder.certificate;
        this.privateKey = builder.privateKey;
        this.intermediates = builder.intermediates;
        this.pkcs8Password = pkcs8Password;
        this.pkcs11Library = builder.pkcs11Library;
        this.reusePin = builder.reusePin;
        this.pinCallback = builder.pinCallback;
        this.contextPinCallback = builder.contextPinCallback;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    /** The certificate: a PEM, DER or PKCS#12 file path, or a {@code pkcs11:} URI. Never null. */
    public String certificate() {
        return certificate;
    }

    /**
     * The private key: a PEM/DER file path or a {@code pkcs11:} URI. Empty when the certificate source holds the key
     * too (PKCS#12 file, or a token where the key is found next to the certificate).
     */
    public Optional<String> privateKey() {
        return Optional.ofNullable(privateKey);
    }

    /** A PEM bundle of intermediate certificates to send with the leaf. */
    public Optional<Path> intermediates() {
        return Optional.ofNullable(intermediates);
    }

    /** A copy of the password of an encrypted PKCS#8 key or PKCS#12 file; the caller wipes it after use. */
    public Optional<char[]> pkcs8Password() {
        return pkcs8Password == null ? Optional.empty() : Optional.of(pkcs8Password.clone());
    }

    /** The PKCS#11 module to load (path or library name) when the URI names none. */
    public Optional<String> pkcs11Library() {
        return Optional.ofNullable(pkcs11Library);
    }

    /** Whether the user PIN also answers the per-signature login of keys with {@code CKA_ALWAYS_AUTHENTICATE}. */
    public boolean reusePin() {
        return Boolean.TRUE.equals(reusePin);
    }

    /** Asked for the PIN when the URI carries none. */
    public Optional<PinCallback> pinCallback() {
        return Optional.ofNullable(pinCallback);
    }

    /**
     * Asked for the PIN of keys that want it before every signature ({@code CKA_ALWAYS_AUTHENTICATE}); with
     * {@link #reusePin()}, only once the token has rejected the user PIN for that.
     */
    public Optional<PinCallback> contextPinCallback() {
        return Optional.ofNullable(contextPinCallback);
    }

    /** Whether the certificate or the key is a {@code pkcs11:} URI, so a PKCS#11 factory must build the signer. */
    public boolean usesPkcs11() {
        return isPkcs11Uri(certificate) || isPkcs11Uri(privateKey);
    }

    /**
     * Whether {@code location} is a {@code pkcs11:} URI: the scheme in any case, after any leading blanks (which the
     * URI parser drops too), so that such a location never falls through to the file reader.
     */
    public static boolean isPkcs11Uri(String location) {
        return location != null && location.trim().regionMatches(true, 0, PKCS11_SCHEME, 0, PKCS11_SCHEME.length());
    }

    /**
     * The location with any {@code pin-value} attribute blanked, fit for a log line or an error message; run every
     * location through it before quoting it, whether or not it is recognised as a {@code pkcs11:} URI. The attribute
     * is found in any case and with blanks around its {@code =}; its value runs to the next {@code ;} or {@code ?}
     * (to the next {@code &} in the query) or to the end, so pass the location alone, not a whole message.
     */
    public static String redact(String location) {
        return PinRedaction.redact(location);
    }

    @Override
    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    /**
     * {@code base} (null for none) changed by {@code edit}, without the checks of {@link Builder#build()}: while a
     * {@link SessionSpec} gathers values from several sources, the key source may lack its certificate for a while.
     */
    static SignerSpec edit(SignerSpec base, Consumer<Builder> edit) {
        BuilderImpl builder = base == null ? new BuilderImpl() : new BuilderImpl(base);
        try {
            edit.accept(builder);
            return new SignerSpec(builder);
        } finally {
            builder.pkcs8Password(null);
        }
    }

    /** Every value of this spec, and those of {@code defaults} where this one has none. */
    SignerSpec withDefaultsFrom(SignerSpec defaults) {
        BuilderImpl merged = new BuilderImpl();
        merged.certificate = certificate != null ? certificate : defaults.certificate;
        merged.privateKey = privateKey != null ? privateKey : defaults.privateKey;
        merged.intermediates = intermediates != null ? intermediates : defaults.intermediates;
        merged.pkcs11Library = pkcs11Library != null ? pkcs11Library : defaults.pkcs11Library;
        merged.reusePin = reusePin != null ? reusePin : defaults.reusePin;
        merged.pinCallback = pinCallback != null ? pinCallback : defaults.pinCallback;
        // The password array is shared, not copied: a spec never changes or hands out its array, and no copy is left
        // behind unwiped.
        return new SignerSpec(merged, pkcs8Password != null ? pkcs8Password : defaults.pkcs8Password);
    }

    /** Whether {@code field}, one of the key-source fields, has a value here. */
    boolean isSet(SessionField field) {
        switch (field) {
            case CERTIFICATE:
                return isPresent(certificate);
            case PRIVATE_KEY:
                return privateKey != null;
            case INTERMEDIATES:
                return intermediates != null;
            case PKCS8_PASSWORD:
                return pkcs8Password != null;
            case PKCS11_LIBRARY:
                return pkcs11Library != null;
            case REUSE_PIN:
                return reusePin != null;
            default:
                return false;
        }
    }

    private static boolean isPresent(String value) {
        return value != null && !value.trim().isEmpty();
    }

    /** The checks of {@link Builder#build()} but the one for a certificate. */
    void checkLocations() {
        if (privateKey != null && privateKey.trim().isEmpty()) {
            throw new ConfigurationException("The private key location is blank: set it to a key file path or a "
                    + "pkcs11: URI, or leave it unset when the certificate source holds the key");
        }
        if (pkcs11Library != null && pkcs11Library.trim().isEmpty()) {
            throw new ConfigurationException("The PKCS#11 library is blank: set it to the module's path "
                    + "(for example /usr/lib/softhsm/libsofthsm2.so) or leave it unset");
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SignerSpec)) {
            return false;
        }
        SignerSpec that = (SignerSpec) o;
        return Objects.equals(certificate, that.certificate)
                && Objects.equals(privateKey, that.privateKey)
                && Objects.equals(intermediates, that.intermediates)
                && Arrays.equals(pkcs8Password, that.pkcs8Password)
                && Objects.equals(pkcs11Library, that.pkcs11Library)
                && reusePin() == that.reusePin()
                && Objects.equals(pinCallback, that.pinCallback)
                && Objects.equals(contextPinCallback, that.contextPinCallback);
    }

    @Override
    public int hashCode() {
        // The password is left out on purpose: a hash of a secret is a small leak of it.
        return Objects.hash(certificate, privateKey, intermediates, pkcs11Library, reusePin(), pinCallback,
                contextPinCallback);
    }

    @Override
    public String toString() {
        return ToString.builder("SignerSpec")
                .add("certificate", redact(certificate))
                .add("privateKey", redact(privateKey))
                .add("intermediates", intermediates)
                .add("pkcs8Password", pkcs8Password == null ? null : "***")
                .add("pkcs11Library", pkcs11Library)
                .add("reusePin", reusePin)
                .add("pinCallback", pinCallback == null ? null : "set")
                .add("contextPinCallback", contextPinCallback == null ? null : "set")
                .build();
    }

    /** Builds a {@link SignerSpec}; {@link #build()} checks that a certificate is given. */
    public interface Builder extends CopyableBuilder<Builder, SignerSpec> {
        /** A PEM, DER or PKCS#12 certificate file path, or a {@code pkcs11:} URI. Required. */
        Builder certificate(String certificate);

        /** A PEM/DER private key file path or a {@code pkcs11:} URI; omit when the certificate source holds it. */
        Builder privateKey(String privateKey);

        /** A PEM bundle of intermediate CA certificates, sent as {@code X-Amz-X509-Chain}. */
        Builder intermediates(Path intermediates);

        /** The password of an encrypted PKCS#8 key or PKCS#12 file. Copied; wipe your array afterwards. */
        Builder pkcs8Password(char[] password);

        /** The PKCS#11 module (path or library name) to use when the URI has no {@code module-path}. */
        Builder pkcs11Library(String pkcs11Library);

        /** Use the user PIN for the context-specific login of always-authenticate keys (smart cards, PIV 9c). */
        Builder reusePin(Boolean reusePin);

        /** Asked for the PIN when the URI carries none. */
        Builder pinCallback(PinCallback pinCallback);

        /**
         * Asked for the PIN of always-authenticate keys before every signature; with {@link #reusePin}, only once the
         * token has rejected the user PIN for that (as the reference tool prompts when a terminal is available).
         */
        Builder contextPinCallback(PinCallback contextPinCallback);

        /**
         * @throws ConfigurationException when no certificate is given, or a value is blank
         */
        @Override
        SignerSpec build();
    }

    private static final class BuilderImpl implements Builder {
        private String certificate;
        private String privateKey;
        private Path intermediates;
        private char[] pkcs8Password;
        private String pkcs11Library;
        private Boolean reusePin;
        private PinCallback pinCallback;
        private PinCallback contextPinCallback;

        private BuilderImpl() {
        }

        private BuilderImpl(SignerSpec spec) {
            this.certificate = spec.certificate;
            this.privateKey = spec.privateKey;
            this.intermediates = spec.intermediates;
            this.pkcs8Password = spec.pkcs8Password == null ? null : spec.pkcs8Password.clone();
            this.pkcs11Library = spec.pkcs11Library;
            this.reusePin = spec.reusePin;
            this.pinCallback = spec.pinCallback;
            this.contextPinCallback = spec.contextPinCallback;
        }

        @Override
        public Builder certificate(String certificate) {
            this.certificate = certificate;
            return this;
        }

        @Override
        public Builder privateKey(String privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        @Override
        public Builder intermediates(Path intermediates) {
            this.intermediates = intermediates;
            return this;
        }

        @Override
        public Builder pkcs8Password(char[] password) {
            if (this.pkcs8Password != null) {
                Arrays.fill(this.pkcs8Password, '\0');
            }
            this.pkcs8Password = password == null ? null : password.clone();
            return this;
        }

        @Override
        public Builder pkcs11Library(String pkcs11Library) {
            this.pkcs11Library = pkcs11Library;
            return this;
        }

        @Override
        public Builder reusePin(Boolean reusePin) {
            this.reusePin = reusePin;
            return this;
        }

        @Override
        public Builder pinCallback(PinCallback pinCallback) {
            this.pinCallback = pinCallback;
            return this;
        }

        @Override
        public Builder contextPinCallback(PinCallback contextPinCallback) {
            this.contextPinCallback = contextPinCallback;
            return this;
        }

        @Override
        public SignerSpec build() {
            if (!isPresent(certificate)) {
                throw new ConfigurationException("No certificate given: set the certificate to a certificate file path "
                        + "(PEM, DER or PKCS#12) or to a pkcs11: URI naming the certificate on a token");
            }
            SignerSpec spec = new SignerSpec(this);
            spec.checkLocations();
            return spec;
        }

        @Override
        public String toString() {
            return "SignerSpec.Builder";
        }
    }
}
