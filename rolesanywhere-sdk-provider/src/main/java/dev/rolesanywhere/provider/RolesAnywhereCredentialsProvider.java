package dev.rolesanywhere.provider;

import dev.rolesanywhere.core.ConfigurationException;
import dev.rolesanywhere.core.CreateSessionClient;
import dev.rolesanywhere.core.CreateSessionRequest;
import dev.rolesanywhere.core.CredentialsCache;
import dev.rolesanywhere.core.RefreshSchedule;
import dev.rolesanywhere.core.SessionCredentials;
import dev.rolesanywhere.core.CredentialProcessFlag;
import dev.rolesanywhere.core.PinCallback;
import dev.rolesanywhere.core.SessionField;
import dev.rolesanywhere.core.SessionSpec;
import dev.rolesanywhere.core.Signer;
import dev.rolesanywhere.core.SignerSpec;
import dev.rolesanywhere.core.Signers;
import dev.rolesanywhere.provider.internal.ProfileSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.annotations.ThreadSafe;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.utils.SdkAutoCloseable;
import software.amazon.awssdk.utils.ToString;
import software.amazon.awssdk.utils.builder.CopyableBuilder;
import software.amazon.awssdk.utils.builder.ToCopyableBuilder;

/**
 * AWS credentials from IAM Roles Anywhere: a certificate and its private key (in a file, or on a PKCS#11 token)
 * are exchanged for temporary session credentials through CreateSession, in-process.
 *
 * <pre>{@code
 * RolesAnywhereCredentialsProvider provider = RolesAnywhereCredentialsProvider.builder()
 *         .trustAnchorArn("arn:aws:rolesanywhere:eu-west-1:111122223333:trust-anchor/…")
 *         .profileArn("arn:aws:rolesanywhere:eu-west-1:111122223333:profile/…")
 *         .roleArn("arn:aws:iam::111122223333:role/Workload")
 *         .certificate("pkcs11:token=workload;object=client")
 *         .build();
 * S3Client s3 = S3Client.builder().credentialsProvider(provider).build();
 * }</pre>
 *
 * <p>Credentials are cached and refreshed 5 minutes before they expire (a jittered instant, so a fleet spreads its
 * calls), by one caller while the others keep using the cached ones; from 1 minute before expiry every caller waits
 * for the refresh. If a refresh fails while the cached credentials are still valid they keep being served, a warning
 * is logged, and the refresh is retried after a growing pause. Expired credentials are never returned: the failure is
 * thrown instead. However many threads call at once, one CreateSession request is in flight.
 *
 * <p>Configuration is checked by {@link Builder#build()}, not at first use. {@link #close()} releases the signer and
 * HTTP client the provider created, never those passed in.
 */
@ThreadSafe
public final class RolesAnywhereCredentialsProvider
        implements AwsCredentialsProvider, SdkAutoCloseable,
        ToCopyableBuilder<RolesAnywhereCredentialsProvider.Builder, RolesAnywhereCredentialsProvider> {

    /** The name given to {@link AwsSessionCredentials#providerName()}. */
    public static final String PROVIDER_NAME = "RolesAnywhereCredentialsProvider";

    private static final Logger LOG = LoggerFactory.getLogger(RolesAnywhereCredentialsProvider.class);

    private final BuilderImpl configuration;
    private final Signer signer;
    private final boolean ownsSigner;
    private final CreateSessionClient client;
    private final boolean ownsClient;
    private final CreateSessionRequest request;
    private final CredentialsCache<AwsSessionCredentials> cache;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RolesAnywhereCredentialsProvider(BuilderImpl builder, RefreshSchedule schedule, Signer signer,
            boolean ownsSigner, CreateSessionClient client, boolean ownsClient, CreateSessionRequest request) {
        this.configuration = builder;
        this.signer = signer;
        this.ownsSigner = ownsSigner;
        this.client = client;
        this.ownsClient = ownsClient;
        this.request = request;
        this.cache = CredentialsCache.builder(this::fetch, c -> c.expirationTime().get())
                .schedule(schedule)
                .clock(builder.clock)
                .asyncRefreshEnabled(builder.asyncCredentialUpdateEnabled)
                .name("rolesanywhere-" + roleName(request.roleArn()))
                .build();
    }

    /** A builder with nothing set; {@link Builder#build()} reads no system properties or environment variables. */
    public static Builder builder() {
        return new BuilderImpl();
    }

    /**
     * A provider configured from system properties and environment variables, as listed in
     * {@link RolesAnywhereSystemSetting} (for example {@code aws.rolesanywhere.trustAnchorArn} or
     * {@code AWS_ROLESANYWHERE_TRUST_ANCHOR_ARN}).
     *
     * @throws ConfigurationException when a required setting is missing or malformed
     */
    public static RolesAnywhereCredentialsProvider create() {
        return builder().sessionSpec(RolesAnywhereSystemSetting.sessionSpec()).build();
    }

    /**
     * A provider configured by the named profile of the default AWS config file: its
     * {@code credential_process = aws_signing_helper credential-process …} line (served in-process, nothing is
     * started) or its {@code rolesanywhere_*} keys.
     *
     * @throws ConfigurationException for an unknown profile or one without IAM Roles Anywhere settings
     */
    public static RolesAnywhereCredentialsProvider fromProfile(String profileName) {
        return builder().profileName(profileName).build();
    }

    @Override
    public AwsSessionCredentials resolveCredentials() {
        if (closed.get()) {
            throw new ProviderClosedException(this);
        }
        return cache.get();
    }

    private AwsSessionCredentials fetch() {
        SessionCredentials session = client.createSession(request);
        LOG.debug("Obtained credentials {} for {} from IAM Roles Anywhere", session, request.roleArn());
        AwsSessionCredentials.Builder credentials = AwsSessionCredentials.builder()
                .accessKeyId(session.accessKeyId())
                .secretAccessKey(session.secretAccessKey())
                .sessionToken(session.sessionToken())
                .expirationTime(session.expiration())
                .providerName(PROVIDER_NAME);
        String accountId = session.accountId().orElseGet(() -> accountOf(request.roleArn()));
        if (accountId != null) {
            credentials.accountId(accountId);
        }
        return credentials.build();
    }

    /** The account id field of an ARN ({@code arn:partition:service:region:ACCOUNT:resource}). */
    static String accountOf(String arn) {
        String[] parts = arn.split(":", 6);
        return parts.length == 6 && !parts[4].isEmpty() ? parts[4] : null;
    }

    private static String roleName(String roleArn) {
        int slash = roleArn == null ? -1 : roleArn.lastIndexOf('/');
        return slash < 0 ? "role" : roleArn.substring(slash + 1);
    }

    /** Whether {@link #close()} has been called. */
    public boolean isClosed() {
        return closed.get();
    }

    /** Releases the signer and the HTTP client this provider created; the caller's stay open. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cache.close();
        if (ownsClient) {
            client.close();
        }
        if (ownsSigner) {
            signer.close();
        }
    }

    @Override
    public Builder toBuilder() {
        return new BuilderImpl(configuration, configuration.spec.build());
    }

    @Override
    public String toString() {
        return ToString.builder(PROVIDER_NAME)
                .add("roleArn", request.roleArn())
                .add("profileArn", request.profileArn())
                .add("trustAnchorArn", request.trustAnchorArn())
                .add("closed", closed.get() ? Boolean.TRUE : null)
                .build();
    }

    /**
     * Configures a {@link RolesAnywhereCredentialsProvider}. Give the key either as a {@link #signer(Signer)} or as
     * locations ({@link #certificate(String)}, {@link #privateKey(String)}, …), not both. Values set here win over
     * those read from {@link #profileName(String) a profile}.
     */
    public interface Builder extends CopyableBuilder<Builder, RolesAnywhereCredentialsProvider> {
        /**
         * Every session setting at once (ARNs, duration, session name, key locations, endpoint and transport),
         * replacing those set so far; the methods below change one value of it.
         */
        Builder sessionSpec(SessionSpec sessionSpec);

        /** The trust anchor ARN. Required. Its region is the default {@link #region(String)}. */
        Builder trustAnchorArn(String trustAnchorArn);

        /** The Roles Anywhere profile ARN. Required. */
        Builder profileArn(String profileArn);

        /** The IAM role to assume. Required; its account becomes {@link AwsSessionCredentials#accountId()}. */
        Builder roleArn(String roleArn);

        /** The region of the CreateSession endpoint; default: the trust anchor's. */
        Builder region(String region);

        /** A custom CreateSession endpoint (a path prefix is kept and signed). */
        Builder endpoint(URI endpoint);

        /** A PEM file of CA certificates trusted for the endpoint, for private endpoints and TLS-inspecting proxies. */
        Builder caBundle(Path caBundle);

        /** Call the FIPS endpoint, {@code rolesanywhere-fips.REGION…}; default false. */
        Builder fipsEnabled(Boolean fipsEnabled);

        /** Call the dual-stack (IPv4 and IPv6) endpoint; default false. */
        Builder dualstackEnabled(Boolean dualstackEnabled);

        /** How long each set of credentials lasts: 15 minutes to 12 hours, default 1 hour. */
        Builder sessionDuration(Duration sessionDuration);

        /** The role session name (the Roles Anywhere profile must accept custom names). */
        Builder roleSessionName(String roleSessionName);

        /** The signer holding the private key; the caller keeps ownership and closes it after the provider. */
        Builder signer(Signer signer);

        /** The certificate: a PEM, DER or PKCS#12 file path, or a {@code pkcs11:} URI. */
        Builder certificate(String certificate);

        /** The private key: a PEM/DER file path or a {@code pkcs11:} URI; omit when the certificate source holds it. */
        Builder privateKey(String privateKey);

        /** A PEM bundle of intermediate CA certificates sent with the leaf. */
        Builder intermediates(Path intermediates);

        /** The password of an encrypted PKCS#8 key or PKCS#12 file; copied, wipe your array afterwards. */
        Builder pkcs8Password(char[] pkcs8Password);

        /** The PKCS#11 module to load when the URI names none. */
        Builder pkcs11Library(String pkcs11Library);

        /** Use the user PIN for the per-signature login of always-authenticate keys. */
        Builder reusePin(Boolean reusePin);

        /** Asked for the token PIN when the URI carries none. */
        Builder pinCallback(PinCallback pinCallback);

        /** Read unset values from this profile of the AWS config file. */
        Builder profileName(String profileName);

        /** The profile file to read {@link #profileName(String)} from; default: the SDK's default profile file. */
        Builder profileFile(ProfileFile profileFile);

        /** The HTTP client for CreateSession; the caller's, left open by {@link #close()}. */
        Builder httpClient(SdkHttpClient httpClient);

        /** A fully configured protocol client (advanced); replaces region, endpoint, caBundle and httpClient. */
        Builder createSessionClient(CreateSessionClient createSessionClient);

        /** How long before expiry every caller waits for a refresh; default 1 minute. */
        Builder staleTime(Duration staleTime);

        /** How long before expiry one caller (or the background thread) starts refreshing; default 5 minutes. */
        Builder prefetchTime(Duration prefetchTime);

        /** Refresh in a background thread instead of in a caller's thread; default false. */
        Builder asyncCredentialUpdateEnabled(Boolean asyncCredentialUpdateEnabled);

        /** The clock that decides when cached credentials are refreshed (for tests); default the system clock. */
        Builder clock(Clock clock);

        /**
         * @throws ConfigurationException when a required value is missing, an ARN is malformed, both a signer and key
         *     locations are given, the profile is unknown or its {@code credential_process} cannot be served
         * @throws dev.rolesanywhere.core.KeySourceException when the certificate or key cannot be loaded
         */
        @Override
        RolesAnywhereCredentialsProvider build();
    }

    private static final class BuilderImpl implements Builder {
        private SessionSpec.Builder spec = SessionSpec.builder();
        private Signer signer;
        private String profileName;
        private ProfileFile profileFile;
        private SdkHttpClient httpClient;
        private CreateSessionClient createSessionClient;
        private Duration staleTime;
        private Duration prefetchTime;
        private Boolean asyncCredentialUpdateEnabled;
        private Clock clock;

        private BuilderImpl() {
        }

        private BuilderImpl(BuilderImpl other, SessionSpec spec) {
            this.spec = spec.toBuilder();
            this.signer = other.signer;
            this.profileName = other.profileName;
            this.profileFile = other.profileFile;
            this.httpClient = other.httpClient;
            this.createSessionClient = other.createSessionClient;
            this.staleTime = other.staleTime;
            this.prefetchTime = other.prefetchTime;
            this.asyncCredentialUpdateEnabled = other.asyncCredentialUpdateEnabled;
            this.clock = other.clock;
        }

        @Override
        public Builder sessionSpec(SessionSpec sessionSpec) {
            spec = sessionSpec == null ? SessionSpec.builder() : sessionSpec.toBuilder();
            return this;
        }

        @Override
        public Builder trustAnchorArn(String trustAnchorArn) {
            spec.trustAnchorArn(trustAnchorArn);
            return this;
        }

        @Override
        public Builder profileArn(String profileArn) {
            spec.profileArn(profileArn);
            return this;
        }

        @Override
        public Builder roleArn(String roleArn) {
            spec.roleArn(roleArn);
            return this;
        }

        @Override
        public Builder region(String region) {
            spec.region(region);
            return this;
        }

        @Override
        public Builder endpoint(URI endpoint) {
            spec.endpoint(endpoint);
            return this;
        }

        @Override
        public Builder caBundle(Path caBundle) {
            spec.caBundle(caBundle);
            return this;
        }

        @Override
        public Builder fipsEnabled(Boolean fipsEnabled) {
            spec.fipsEnabled(fipsEnabled);
            return this;
        }

        @Override
        public Builder dualstackEnabled(Boolean dualstackEnabled) {
            spec.dualstackEnabled(dualstackEnabled);
            return this;
        }

        @Override
        public Builder sessionDuration(Duration sessionDuration) {
            spec.sessionDuration(sessionDuration);
            return this;
        }

        @Override
        public Builder roleSessionName(String roleSessionName) {
            spec.roleSessionName(roleSessionName);
            return this;
        }

        @Override
        public Builder signer(Signer signer) {
            this.signer = signer;
            return this;
        }

        @Override
        public Builder certificate(String certificate) {
            spec.signerSpec(key -> key.certificate(certificate));
            return this;
        }

        @Override
        public Builder privateKey(String privateKey) {
            spec.signerSpec(key -> key.privateKey(privateKey));
            return this;
        }

        @Override
        public Builder intermediates(Path intermediates) {
            spec.signerSpec(key -> key.intermediates(intermediates));
            return this;
        }

        @Override
        public Builder pkcs8Password(char[] pkcs8Password) {
            spec.signerSpec(key -> key.pkcs8Password(pkcs8Password));
            return this;
        }

        @Override
        public Builder pkcs11Library(String pkcs11Library) {
            spec.signerSpec(key -> key.pkcs11Library(pkcs11Library));
            return this;
        }

        @Override
        public Builder reusePin(Boolean reusePin) {
            spec.signerSpec(key -> key.reusePin(reusePin));
            return this;
        }

        @Override
        public Builder pinCallback(PinCallback pinCallback) {
            spec.signerSpec(key -> key.pinCallback(pinCallback));
            return this;
        }

        @Override
        public Builder profileName(String profileName) {
            this.profileName = profileName;
            return this;
        }

        @Override
        public Builder profileFile(ProfileFile profileFile) {
            this.profileFile = profileFile;
            return this;
        }

        @Override
        public Builder httpClient(SdkHttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        @Override
        public Builder createSessionClient(CreateSessionClient createSessionClient) {
            this.createSessionClient = createSessionClient;
            return this;
        }

        @Override
        public Builder staleTime(Duration staleTime) {
            this.staleTime = staleTime;
            return this;
        }

        @Override
        public Builder prefetchTime(Duration prefetchTime) {
            this.prefetchTime = prefetchTime;
            return this;
        }

        @Override
        public Builder asyncCredentialUpdateEnabled(Boolean asyncCredentialUpdateEnabled) {
            this.asyncCredentialUpdateEnabled = asyncCredentialUpdateEnabled;
            return this;
        }

        @Override
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        @Override
        public RolesAnywhereCredentialsProvider build() {
            SessionSpec explicit = spec.build();
            if (signer != null && describesKey(explicit)) {
                throw new ConfigurationException("Both a signer and key locations (certificate, privateKey, "
                        + "intermediates, pkcs8Password, pkcs11Library or reusePin) were given: configure the key "
                        + "one way only, either signer(...) or the locations");
            }
            SessionSpec effective = explicit;
            if (profileName != null) {
                SessionSpec.Builder fromProfile = ProfileSettings.read(
                        profileFile != null ? profileFile : ProfileFile.defaultProfileFile(), profileName).toBuilder();
                if (signer != null) {
                    // The caller's signer replaces the profile's key source.
                    fromProfile.signerSpec((SignerSpec) null);
                }
                if (createSessionClient != null) {
                    // The caller's protocol client carries its own endpoint, trust and attempts.
                    fromProfile.region(null).endpoint(null).caBundle(null).fipsEnabled(null).dualstackEnabled(null)
                            .maxAttempts(null).proxy(null).nonProxyHosts(null);
                } else if (httpClient != null) {
                    // Trust and proxy configure an HTTP client this provider creates, not the caller's.
                    fromProfile.caBundle(null).proxy(null).nonProxyHosts(null);
                } else if (explicit.trustAllCertificatesEnabled()) {
                    // The caller turned certificate checks off; a CA bundle from the profile or AWS_CA_BUNDLE is moot.
                    fromProfile.caBundle(null);
                }
                effective = explicit.withDefaultsFrom(fromProfile.build());
            }
            require(effective, SessionField.TRUST_ANCHOR_ARN, "trust anchor ARN", "trustAnchorArn",
                    RolesAnywhereSystemSetting.TRUST_ANCHOR_ARN, ProfileSettings.TRUST_ANCHOR_ARN,
                    CredentialProcessFlag.TRUST_ANCHOR_ARN);
            require(effective, SessionField.PROFILE_ARN, "profile ARN", "profileArn",
                    RolesAnywhereSystemSetting.PROFILE_ARN, ProfileSettings.PROFILE_ARN,
                    CredentialProcessFlag.PROFILE_ARN);
            require(effective, SessionField.ROLE_ARN, "role ARN", "roleArn", RolesAnywhereSystemSetting.ROLE_ARN,
                    ProfileSettings.ROLE_ARN, CredentialProcessFlag.ROLE_ARN);
            if (signer == null) {
                require(effective, SessionField.CERTIFICATE, "certificate and no signer", "certificate",
                        RolesAnywhereSystemSetting.CERTIFICATE, ProfileSettings.CERTIFICATE,
                        CredentialProcessFlag.CERTIFICATE);
            }
            RefreshSchedule schedule = RefreshSchedule.of(staleTime, prefetchTime);
            schedule.checkSessionDuration(effective.sessionDuration().orElse(CreateSessionRequest.DEFAULT_DURATION));
            if (createSessionClient != null && (httpClient != null || describesTransport(effective))) {
                throw new ConfigurationException("Both createSessionClient and region/endpoint/caBundle/httpClient "
                        + "were given: configure those on the CreateSessionClient you pass, or leave it out");
            }
            effective.validateRequest();
            return open(effective, schedule);
        }

        /** Loads the key and creates the client this provider owns, closing them again if anything fails. */
        private RolesAnywhereCredentialsProvider open(SessionSpec effective, RefreshSchedule schedule) {
            Signer actualSigner = signer;
            CreateSessionClient actualClient = createSessionClient;
            try {
                if (signer == null) {
                    actualSigner = Signers.fromSpec(effective.signerSpec().get());
                }
                CreateSessionRequest request = effective.createSessionRequest(actualSigner);
                if (createSessionClient == null) {
                    actualClient = effective.createSessionClient(httpClient);
                }
                return new RolesAnywhereCredentialsProvider(new BuilderImpl(this, spec.build()), schedule,
                        actualSigner, signer == null, actualClient, createSessionClient == null, request);
            } catch (RuntimeException e) {
                if (createSessionClient == null && actualClient != null) {
                    actualClient.close();
                }
                if (signer == null && actualSigner != null) {
                    actualSigner.close();
                }
                throw e;
            }
        }

        private static boolean describesKey(SessionSpec spec) {
            return Arrays.stream(SessionField.values()).anyMatch(field -> field.isKeySource() && spec.isSet(field));
        }

        private static boolean describesTransport(SessionSpec spec) {
            return spec.isSet(SessionField.REGION) || spec.isSet(SessionField.ENDPOINT)
                    || spec.isSet(SessionField.CA_BUNDLE) || spec.proxy().isPresent() || spec.fipsEnabled()
                    || spec.dualstackEnabled() || spec.isSet(SessionField.MAX_ATTEMPTS)
                    || spec.trustAllCertificatesEnabled();
        }

        private static void require(SessionSpec spec, SessionField field, String what, String builderMethod,
                RolesAnywhereSystemSetting setting, String profileKey, CredentialProcessFlag helperOption) {
            if (!spec.isSet(field)) {
                throw new ConfigurationException("No " + what + " configured: set " + builderMethod + "(...) on the "
                        + "builder, the system property " + setting.property() + " or environment variable "
                        + setting.environmentVariable() + " (create()), or " + profileKey + " / "
                        + helperOption.flag() + " in the profile");
            }
        }

        @Override
        public String toString() {
            return "RolesAnywhereCredentialsProvider.Builder";
        }
    }
}
