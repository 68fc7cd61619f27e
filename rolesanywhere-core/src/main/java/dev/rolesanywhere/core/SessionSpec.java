package dev.rolesanywhere.core;

import dev.rolesanywhere.core.internal.ProxyUri;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * needs is checked when the client and request are built, or earlier with {@link #isSet(SessionField)}. The values
 * are kept by {@link SessionField}, as the SDK keeps client options in an attribute map, so that merging, comparing
 * and printing treat every field alike. {@link #toString()} never shows the PKCS#8 password or a proxy's user
 * information.
 */
public final class SessionSpec implements ToCopyableBuilder<SessionSpec.Builder, SessionSpec> {
    // Every field but the key locations, which live in signerSpec.
    private final Map<SessionField, Object> values;
    // May lack its certificate while values are gathered: signerSpec() hands it out only once it is complete.
    private final SignerSpec signerSpec;

    private SessionSpec(BuilderImpl b) {
        this.values = new EnumMap<>(b.values);
        this.signerSpec = b.signerSpec;
    }

    public static Builder builder() {
        return new BuilderImpl();
    }

    private <T> Optional<T> value(SessionField field, Class<T> type) {
        return Optional.ofNullable(type.cast(values.get(field)));
    }

    private boolean isTrue(SessionField field) {
        return Boolean.TRUE.equals(values.get(field));
    }

    public Optional<String> trustAnchorArn() {
        return value(SessionField.TRUST_ANCHOR_ARN, String.class);
    }

    public Optional<String> profileArn() {
        return value(SessionField.PROFILE_ARN, String.class);
    }

    public Optional<String> roleArn() {
        return value(SessionField.ROLE_ARN, String.class);
    }

    public Optional<Duration> sessionDuration() {
        return value(SessionField.SESSION_DURATION, Duration.class);
    }

    public Optional<String> roleSessionName() {
        return value(SessionField.ROLE_SESSION_NAME, String.class);
    }

    /** The key source, once it names a certificate; empty before. */
    public Optional<SignerSpec> signerSpec() {
        return signerSpec != null && signerSpec.isSet(SessionField.CERTIFICATE) ? Optional.of(signerSpec)
                : Optional.empty();
    }

    public Optional<String> region() {
        return value(SessionField.REGION, String.class);
    }

    public Optional<URI> endpoint() {
        return value(SessionField.ENDPOINT, URI.class);
    }

    public boolean fipsEnabled() {
        return isTrue(SessionField.FIPS_ENABLED);
    }

    public boolean dualstackEnabled() {
        return isTrue(SessionField.DUALSTACK_ENABLED);
    }

    public Optional<Path> caBundle() {
        return value(SessionField.CA_BUNDLE, Path.class);
    }

    /** The proxy, {@code http://[user:password@]host:port} or {@code https://…} for TLS to the proxy. */
    public Optional<URI> proxy() {
        return value(SessionField.PROXY, URI.class);
    }

    /** Hosts reached without the proxy, {@code NO_PROXY} entries (see {@link Builder#nonProxyHosts(Set)}). */
    @SuppressWarnings("unchecked")
    public Set<String> nonProxyHosts() {
        return value(SessionField.NON_PROXY_HOSTS, Set.class).orElse(Set.of());
    }

    /** Total CreateSession attempts, the first included; default 3. */
    public Optional<Integer> maxAttempts() {
        return value(SessionField.MAX_ATTEMPTS, Integer.class);
    }

    public boolean trustAllCertificatesEnabled() {
        return isTrue(SessionField.TRUST_ALL_CERTIFICATES);
    }

    public boolean debugLoggingEnabled() {
        return isTrue(SessionField.DEBUG_LOGGING);
    }

    /** Whether {@code field} has a value; a blank text is no value. */
    public boolean isSet(SessionField field) {
        if (field.isKeySource()) {
            return signerSpec != null && signerSpec.isSet(field);
        }
        Object value = values.get(field);
        return value != null && !(value instanceof String && ((String) value).trim().isEmpty());
    }

    /**
     * Every value of this spec, and those of {@code defaults} where this one has none: explicit settings win over
     * those read from a file. The key source merges location by location too.
     */
    public SessionSpec withDefaultsFrom(SessionSpec defaults) {
        BuilderImpl merged = new BuilderImpl(defaults);
        merged.values.putAll(values);
        merged.signerSpec = signerSpec == null ? defaults.signerSpec
                : defaults.signerSpec == null ? signerSpec : signerSpec.withDefaultsFrom(defaults.signerSpec);
        return merged.build();
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
        request.trustAnchorArn(trustAnchorArn().map(String::trim).orElse(null))
                .profileArn(profileArn().map(String::trim).orElse(null))
                .roleArn(roleArn().map(String::trim).orElse(null))
                .duration(sessionDuration().orElse(null))
                .roleSessionName(roleSessionName().orElse(null));
        return request;
    }

    /** {@link #createSessionClient(SdkHttpClient)} with an HTTP client of its own. */
    public CreateSessionClient createSessionClient() {
        return createSessionClient(null);
    }

    /**
     * A client that sends through {@code httpClient} (the caller's, left open), or through its own HTTP client when
     * it is null, configured from this spec's endpoint and transport options (region, endpoint, FIPS, dual-stack, CA
     * bundle, proxy, attempts, certificate checks, debug logging). The CA bundle, proxy and certificate-check options
     * configure only an owned HTTP client, so they must be unset with a caller's. Close the client when done.
     *
     * @throws ConfigurationException when the options contradict each other or the CA bundle cannot be read
     */
    public CreateSessionClient createSessionClient(SdkHttpClient httpClient) {
        return CreateSessionClient.builder()
                .region(region().orElse(null))
                .endpoint(endpoint().orElse(null))
                .fipsEnabled(value(SessionField.FIPS_ENABLED, Boolean.class).orElse(null))
                .dualstackEnabled(value(SessionField.DUALSTACK_ENABLED, Boolean.class).orElse(null))
                .caBundle(caBundle().orElse(null))
                .proxy(proxy().orElse(null))
                .nonProxyHosts(proxy().isPresent() ? nonProxyHosts() : null)
                .maxAttempts(maxAttempts().orElse(null))
                .trustAllCertificatesEnabled(value(SessionField.TRUST_ALL_CERTIFICATES, Boolean.class).orElse(null))
                .debugLoggingEnabled(value(SessionField.DEBUG_LOGGING, Boolean.class).orElse(null))
                .httpClient(httpClient)
                .build();
    }

    @Override
    public Builder toBuilder() {
        return new BuilderImpl(this);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof SessionSpec && values.equals(((SessionSpec) o).values)
                && Objects.equals(signerSpec, ((SessionSpec) o).signerSpec));
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, signerSpec);
    }

    @Override
    public String toString() {
        // SignerSpec masks its password; the proxy's user information is left out here.
        ToString text = ToString.builder("SessionSpec");
        values.forEach((field, value) -> text.add(field.name(),
                field == SessionField.PROXY ? ProxyUri.withoutUserInfo((URI) value) : value));
        return text.add("signerSpec", signerSpec).build();
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

        /**
         * The proxy to reach the endpoint through, {@code http://[user:password@]host:port} (user and password
         * percent-encoded, sent only to the proxy), or {@code https://…} to reach the proxy over TLS; default the
         * JVM's proxy settings.
         */
        Builder proxy(URI proxy);

        /**
         * Hosts to reach without the proxy, as {@code NO_PROXY} lists them: {@code example.com} (and every host below
         * it), {@code .example.com} (only the hosts below), an IP address or CIDR block, {@code *} for every host,
         * each optionally with {@code :port}. The loopback interface is never proxied.
         */
        Builder nonProxyHosts(Set<String> nonProxyHosts);

        /** Total CreateSession attempts including the first, 1 to 20; default 3. */
        Builder maxAttempts(Integer maxAttempts);

        /** Turns off TLS certificate checks: only for test endpoints; a warning is logged. */
        Builder trustAllCertificatesEnabled(Boolean trustAllCertificatesEnabled);

        /** Log each CreateSession attempt's canonical request and string to sign. */
        Builder debugLoggingEnabled(Boolean debugLoggingEnabled);

        /** @throws ConfigurationException when a key location is blank */
        @Override
        SessionSpec build();
    }

    private static final class BuilderImpl implements Builder {
        private final Map<SessionField, Object> values = new EnumMap<>(SessionField.class);
        private SignerSpec signerSpec;

        BuilderImpl() {
        }

        BuilderImpl(SessionSpec spec) {
            values.putAll(spec.values);
            signerSpec = spec.signerSpec;
        }

        private Builder put(SessionField field, Object value) {
            if (value == null) {
                values.remove(field);
            } else {
                values.put(field, value);
            }
            return this;
        }

        @Override
        public Builder trustAnchorArn(String v) {
            return put(SessionField.TRUST_ANCHOR_ARN, v);
        }

        @Override
        public Builder profileArn(String v) {
            return put(SessionField.PROFILE_ARN, v);
        }

        @Override
        public Builder roleArn(String v) {
            return put(SessionField.ROLE_ARN, v);
        }

        @Override
        public Builder sessionDuration(Duration v) {
            return put(SessionField.SESSION_DURATION, v);
        }

        @Override
        public Builder roleSessionName(String v) {
            return put(SessionField.ROLE_SESSION_NAME, v);
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
            return put(SessionField.REGION, v);
        }

        @Override
        public Builder endpoint(URI v) {
            return put(SessionField.ENDPOINT, v);
        }

        @Override
        public Builder fipsEnabled(Boolean v) {
            return put(SessionField.FIPS_ENABLED, v);
        }

        @Override
        public Builder dualstackEnabled(Boolean v) {
            return put(SessionField.DUALSTACK_ENABLED, v);
        }

        @Override
        public Builder caBundle(Path v) {
            return put(SessionField.CA_BUNDLE, v);
        }

        @Override
        public Builder proxy(URI v) {
            return put(SessionField.PROXY, v);
        }

        @Override
        public Builder nonProxyHosts(Set<String> v) {
            return put(SessionField.NON_PROXY_HOSTS, v == null ? null : Set.copyOf(v));
        }

        @Override
        public Builder maxAttempts(Integer v) {
            return put(SessionField.MAX_ATTEMPTS, v);
        }

        @Override
        public Builder trustAllCertificatesEnabled(Boolean v) {
            return put(SessionField.TRUST_ALL_CERTIFICATES, v);
        }

        @Override
        public Builder debugLoggingEnabled(Boolean v) {
            return put(SessionField.DEBUG_LOGGING, v);
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
