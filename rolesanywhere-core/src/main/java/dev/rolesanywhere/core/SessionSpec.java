package dev.rolesanywhere.core;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.utils.ToString;
import software.amazon.awssdk.utils.builder.CopyableBuilder;
import software.amazon.awssdk.utils.builder.ToCopyableBuilder;

/**
 * Everything that describes where IAM Roles Anywhere session credentials come from: the trust anchor, profile and
 * role, the session's length and name, the key ({@link SignerSpec}), and how the endpoint is reached. Every surface
 * (the provider's builder, system properties and environment, an AWS profile, the command line, Spring properties)
 * translates into one of these; {@link #withDefaultsFrom(SessionSpec)} lets explicit values win over those read from
 * a file; {@link #createSessionClient()} and {@link #createSessionRequest(Signer)} build what CreateSession needs.
 *
 * <p>Immutable. Every value is optional here, so that a spec can be gathered from several places; what a session
 * needs is checked when the client and request are built, or earlier with {@link #isSet(SessionField)}.
 * {@link #toString()} never shows the PKCS#8 password or a proxy password.
 */
public final class SessionSpec implements ToCopyableBuilder<SessionSpec.Builder, SessionSpec> {
    private final String trustAnchorArn;
    private final String profileArn;
    private final String roleArn;
    private final Duration sessionDuration;
    private final String roleSessionName;
    // May lack its certificate while values are gathered: signerSpec() hands it out only once it is complete.
    private final SignerSpec signerSpec;
    private final String region;
    private final URI endpoint;
    private final Boolean fipsEnabled;
    private final Boolean dualstackEnabled;
    private final Path caBundle;
    private final ProxySpec proxy;
    private final Boolean trustAllCertificatesEnabled;
    private final Boolean debugLoggingEnabled;

    private SessionSpec(BuilderImpl b) {
        this.trustAnchorArn = b.trustAnchorArn;
        this.profileArn = b.profileArn;
        this.roleArn = b.roleArn;
        this.sessionDuration = b.sessionDuration;
        this.roleSessionName = b.roleSessionName;
        this.signerSpec = b.signerSpec;
        this.region = b.region;
        this.endpoint = b.endpoint;
        this.fipsEnabled = b.fipsEnabled;
        this.dualstackEnabled = b.dualstackEnabled;
        this.caBundle = b.caBundle;
        this.proxy = b.proxy;
        this.trustAllCertificatesEnabled = b.trustAllCertificatesEnabled;
        this.debugLoggingEnabled = b.debugLoggingEnabled;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    public Optional<String> trustAnchorArn() {
        return Optional.ofNullable(trustAnchorArn);
    }

    public Optional<String> profileArn() {
        return Optional.ofNullable(profileArn);
    }

    public Optional<String> roleArn() {
        return Optional.ofNullable(roleArn);
    }

    public Optional<Duration> sessionDuration() {
        return Optional.ofNullable(sessionDuration);
    }

    public Optional<String> roleSessionName() {
        return Optional.ofNullable(roleSessionName);
    }

    /** The key source, once it names a certificate; empty before. */
    public Optional<SignerSpec> signerSpec() {
        return signerSpec != null && signerSpec.isSet(SessionField.CERTIFICATE) ? Optional.of(signerSpec)
                : Optional.empty();
    }

    public Optional<String> region() {
        return Optional.ofNullable(region);
    }

    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    public boolean fipsEnabled() {
        return Boolean.TRUE.equals(fipsEnabled);
    }

    public boolean dualstackEnabled() {
        return Boolean.TRUE.equals(dualstackEnabled);
    }

    public Optional<Path> caBundle() {
        return Optional.ofNullable(caBundle);
    }

    public Optional<ProxySpec> proxy() {
        return Optional.ofNullable(proxy);
    }

    public boolean trustAllCertificatesEnabled() {
        return Boolean.TRUE.equals(trustAllCertificatesEnabled);
    }

    public boolean debugLoggingEnabled() {
        return Boolean.TRUE.equals(debugLoggingEnabled);
    }

    /** Whether {@code field} has a value; a blank text is no value. */
    public boolean isSet(SessionField field) {
        if (field.isKeySource()) {
            return signerSpec != null && signerSpec.isSet(field);
        }
        switch (field) {
            case TRUST_ANCHOR_ARN:
                return isPresent(trustAnchorArn);
            case PROFILE_ARN:
                return isPresent(profileArn);
            case ROLE_ARN:
                return isPresent(roleArn);
            case SESSION_DURATION:
                return sessionDuration != null;
            case ROLE_SESSION_NAME:
                return roleSessionName != null;
            case REGION:
                return region != null;
            case ENDPOINT:
                return endpoint != null;
            case CA_BUNDLE:
                return caBundle != null;
            case TRUST_ALL_CERTIFICATES:
                return trustAllCertificatesEnabled != null;
            case DEBUG_LOGGING:
                return debugLoggingEnabled != null;
            default:
                throw new IllegalArgumentException("unknown field " + field);
        }
    }

    private static boolean isPresent(String value) {
        return value != null && !value.trim().isEmpty();
    }

    /**
     * Every value of this spec, and those of {@code defaults} where this one has none: explicit settings win over
     * those read from a file. The key source merges value by value too.
     */
    public SessionSpec withDefaultsFrom(SessionSpec defaults) {
        BuilderImpl b = new BuilderImpl(this);
        b.trustAnchorArn = trustAnchorArn != null ? trustAnchorArn : defaults.trustAnchorArn;
        b.profileArn = profileArn != null ? profileArn : defaults.profileArn;
        b.roleArn = roleArn != null ? roleArn : defaults.roleArn;
        b.sessionDuration = sessionDuration != null ? sessionDuration : defaults.sessionDuration;
        b.roleSessionName = roleSessionName != null ? roleSessionName : defaults.roleSessionName;
        b.signerSpec = signerSpec == null ? defaults.signerSpec
                : defaults.signerSpec == null ? signerSpec : signerSpec.withDefaultsFrom(defaults.signerSpec);
        b.region = region != null ? region : defaults.region;
        b.endpoint = endpoint != null ? endpoint : defaults.endpoint;
        b.fipsEnabled = fipsEnabled != null ? fipsEnabled : defaults.fipsEnabled;
        b.dualstackEnabled = dualstackEnabled != null ? dualstackEnabled : defaults.dualstackEnabled;
        b.caBundle = caBundle != null ? caBundle : defaults.caBundle;
        b.proxy = proxy != null ? proxy : defaults.proxy;
        b.trustAllCertificatesEnabled = trustAllCertificatesEnabled != null ? trustAllCertificatesEnabled
                : defaults.trustAllCertificatesEnabled;
        b.debugLoggingEnabled = debugLoggingEnabled != null ? debugLoggingEnabled : defaults.debugLoggingEnabled;
        return b.build();
    }

    /**
     * Checks the ARNs, duration and session name as {@link #createSessionRequest(Signer)} does, before any key is
     * loaded: no PIN is asked for a request that could never be sent.
     *
     * @throws ConfigurationException naming the first missing or invalid value
     */
    public void validateRequest() {
        requestBuilder().validateWithoutSigner();
    }

    /**
     * The CreateSession request for {@code signer}: this spec's ARNs (surrounding blanks ignored), duration (default
     * one hour) and session name.
     *
     * @throws ConfigurationException naming the first missing or invalid value
     */
    public CreateSessionRequest createSessionRequest(Signer signer) {
        return requestBuilder().signer(signer).build();
    }

    private CreateSessionRequest.BuilderImpl requestBuilder() {
        CreateSessionRequest.BuilderImpl request = new CreateSessionRequest.BuilderImpl();
        request.trustAnchorArn(trim(trustAnchorArn))
                .profileArn(trim(profileArn))
                .roleArn(trim(roleArn))
                .duration(sessionDuration)
                .roleSessionName(roleSessionName);
        return request;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    /**
     * A client with its own HTTP client, configured from this spec's endpoint and transport options (region,
     * endpoint, FIPS, dual-stack, CA bundle, proxy, certificate checks, debug logging). Close it when done.
     *
     * @throws ConfigurationException when the options contradict each other or the CA bundle cannot be read
     */
    public CreateSessionClient createSessionClient() {
        return createSessionClient(null);
    }

    /**
     * A client that sends through {@code httpClient} (the caller's, left open; null for an owned one), configured
     * from this spec's endpoint options. The CA bundle, proxy and certificate-check options configure only an owned
     * HTTP client, so they must be unset with a caller's.
     *
     * @throws ConfigurationException when the options contradict each other
     */
    public CreateSessionClient createSessionClient(SdkHttpClient httpClient) {
        return CreateSessionClient.builder()
                .region(region)
                .endpoint(endpoint)
                .fipsEnabled(fipsEnabled)
                .dualstackEnabled(dualstackEnabled)
                .caBundle(caBundle)
                .proxy(proxy == null ? null : proxy.toProxyConfiguration())
                .trustAllCertificatesEnabled(trustAllCertificatesEnabled)
                .debugLoggingEnabled(debugLoggingEnabled)
                .httpClient(httpClient)
                .build();
    }

    @Override
    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SessionSpec)) {
            return false;
        }
        SessionSpec that = (SessionSpec) o;
        return Objects.equals(trustAnchorArn, that.trustAnchorArn)
                && Objects.equals(profileArn, that.profileArn)
                && Objects.equals(roleArn, that.roleArn)
                && Objects.equals(sessionDuration, that.sessionDuration)
                && Objects.equals(roleSessionName, that.roleSessionName)
                && Objects.equals(signerSpec, that.signerSpec)
                && Objects.equals(region, that.region)
                && Objects.equals(endpoint, that.endpoint)
                && Objects.equals(fipsEnabled, that.fipsEnabled)
                && Objects.equals(dualstackEnabled, that.dualstackEnabled)
                && Objects.equals(caBundle, that.caBundle)
                && Objects.equals(proxy, that.proxy)
                && Objects.equals(trustAllCertificatesEnabled, that.trustAllCertificatesEnabled)
                && Objects.equals(debugLoggingEnabled, that.debugLoggingEnabled);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trustAnchorArn, profileArn, roleArn, sessionDuration, roleSessionName, signerSpec, region,
                endpoint, fipsEnabled, dualstackEnabled, caBundle, proxy, trustAllCertificatesEnabled,
                debugLoggingEnabled);
    }

    @Override
    public String toString() {
        return ToString.builder("SessionSpec")
                .add("trustAnchorArn", trustAnchorArn)
                .add("profileArn", profileArn)
                .add("roleArn", roleArn)
                .add("sessionDuration", sessionDuration)
                .add("roleSessionName", roleSessionName)
                .add("signerSpec", signerSpec)
                .add("region", region)
                .add("endpoint", endpoint)
                .add("fipsEnabled", fipsEnabled)
                .add("dualstackEnabled", dualstackEnabled)
                .add("caBundle", caBundle)
                .add("proxy", proxy)
                .add("trustAllCertificatesEnabled", trustAllCertificatesEnabled)
                .add("debugLoggingEnabled", debugLoggingEnabled)
                .build();
    }

    /** Builds a {@link SessionSpec}; every value is optional, null meaning unset. */
    public interface Builder extends CopyableBuilder<Builder, SessionSpec> {
        /** The trust anchor ARN; its region is the default region. */
        Builder trustAnchorArn(String trustAnchorArn);

        /** The Roles Anywhere profile ARN. */
        Builder profileArn(String profileArn);

        /** The IAM role to assume. */
        Builder roleArn(String roleArn);

        /** Session length, 900 s to 43200 s; default one hour. */
        Builder sessionDuration(Duration sessionDuration);

        /** The role session name (the Roles Anywhere profile must accept custom names). */
        Builder roleSessionName(String roleSessionName);

        /** The key source, replacing the one set so far; null for none. */
        Builder signerSpec(SignerSpec signerSpec);

        /**
         * Changes the key source set so far (or an empty one): {@code spec.signerSpec(key -> key.reusePin(true))}.
         * The result may lack its certificate until one is set here or comes from {@link #withDefaultsFrom}.
         */
        Builder signerSpec(Consumer<SignerSpec.Builder> edit);

        /** The region of the CreateSession endpoint; default the trust anchor's. */
        Builder region(String region);

        /** A custom CreateSession endpoint (a path prefix is kept and signed). */
        Builder endpoint(URI endpoint);

        /** Use the FIPS endpoint. */
        Builder fipsEnabled(Boolean fipsEnabled);

        /** Use the dual-stack (IPv4 and IPv6) endpoint. */
        Builder dualstackEnabled(Boolean dualstackEnabled);

        /** A PEM file of CA certificates trusted for the endpoint instead of the JDK's. */
        Builder caBundle(Path caBundle);

        /** The HTTP proxy to reach the endpoint through; default the JVM's proxy settings. */
        Builder proxy(ProxySpec proxy);

        /** Turns off TLS certificate checks: only for test endpoints; a warning is logged. */
        Builder trustAllCertificatesEnabled(Boolean trustAllCertificatesEnabled);

        /** Log each CreateSession attempt's canonical request and string to sign. */
        Builder debugLoggingEnabled(Boolean debugLoggingEnabled);

        /** @throws ConfigurationException when a key location is blank */
        @Override
        SessionSpec build();
    }

    private static final class BuilderImpl implements Builder {
        private String trustAnchorArn;
        private String profileArn;
        private String roleArn;
        private Duration sessionDuration;
        private String roleSessionName;
        private SignerSpec signerSpec;
        private String region;
        private URI endpoint;
        private Boolean fipsEnabled;
        private Boolean dualstackEnabled;
        private Path caBundle;
        private ProxySpec proxy;
        private Boolean trustAllCertificatesEnabled;
        private Boolean debugLoggingEnabled;

        BuilderImpl() {
        }

        BuilderImpl(SessionSpec spec) {
            trustAnchorArn = spec.trustAnchorArn;
            profileArn = spec.profileArn;
            roleArn = spec.roleArn;
            sessionDuration = spec.sessionDuration;
            roleSessionName = spec.roleSessionName;
            signerSpec = spec.signerSpec;
            region = spec.region;
            endpoint = spec.endpoint;
            fipsEnabled = spec.fipsEnabled;
            dualstackEnabled = spec.dualstackEnabled;
            caBundle = spec.caBundle;
            proxy = spec.proxy;
            trustAllCertificatesEnabled = spec.trustAllCertificatesEnabled;
            debugLoggingEnabled = spec.debugLoggingEnabled;
        }

        @Override
        public Builder trustAnchorArn(String v) {
            trustAnchorArn = v;
            return this;
        }

        @Override
        public Builder profileArn(String v) {
            profileArn = v;
            return this;
        }

        @Override
        public Builder roleArn(String v) {
            roleArn = v;
            return this;
        }

        @Override
        public Builder sessionDuration(Duration v) {
            sessionDuration = v;
            return this;
        }

        @Override
        public Builder roleSessionName(String v) {
            roleSessionName = v;
            return this;
        }

        @Override
        public Builder signerSpec(SignerSpec v) {
            signerSpec = v;
            return this;
        }

        @Override
        public Builder signerSpec(Consumer<SignerSpec.Builder> edit) {
            signerSpec = SignerSpec.edit(signerSpec, edit);
            return this;
        }

        @Override
        public Builder region(String v) {
            region = v;
            return this;
        }

        @Override
        public Builder endpoint(URI v) {
            endpoint = v;
            return this;
        }

        @Override
        public Builder fipsEnabled(Boolean v) {
            fipsEnabled = v;
            return this;
        }

        @Override
        public Builder dualstackEnabled(Boolean v) {
            dualstackEnabled = v;
            return this;
        }

        @Override
        public Builder caBundle(Path v) {
            caBundle = v;
            return this;
        }

        @Override
        public Builder proxy(ProxySpec v) {
            proxy = v;
            return this;
        }

        @Override
        public Builder trustAllCertificatesEnabled(Boolean v) {
            trustAllCertificatesEnabled = v;
            return this;
        }

        @Override
        public Builder debugLoggingEnabled(Boolean v) {
            debugLoggingEnabled = v;
            return this;
        }

        @Override
        public SessionSpec build() {
            if (signerSpec != null) {
                signerSpec.checkLocations();
            }
            return new SessionSpec(this);
        }

        @Override
        public String toString() {
            return "SessionSpec.Builder";
        }
    }
}
